-- Issuer identity: each organisation signs with Ed25519 keys, published in its did:web DID
-- document (or used as did:key, by the organisation's choice). Private keys are stored encrypted
-- (AES-256-GCM with the instance's key encryption key). Retired keys stay listed so that the
-- credentials they signed remain verifiable; one key at a time is active.
ALTER TABLE organizations ADD COLUMN did_method text NOT NULL DEFAULT 'web' CHECK (did_method IN ('web', 'key'));

CREATE TABLE issuer_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  fragment text NOT NULL,
  public_key_multibase text NOT NULL UNIQUE,
  encrypted_private_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  UNIQUE (organization_id, fragment)
);
CREATE UNIQUE INDEX issuer_keys_one_active ON issuer_keys (organization_id) WHERE retired_at IS NULL;
