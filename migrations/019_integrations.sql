-- Integrations (issue 7): an organisation's API tokens (for an LMS or a script: scoped, revocable,
-- only their sha256 stored), its webhook endpoints (the signing secret encrypted at rest with the
-- key encryption key, as issuer keys are) and the record of every delivery, so that its owners see
-- what was sent and what the receiver answered.

CREATE TABLE organization_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  scopes text[] NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX organization_tokens_organization ON organization_tokens (organization_id, id);

CREATE TABLE webhook_endpoints (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  url text NOT NULL,
  events text[] NOT NULL,
  -- The whsec_ secret, AES-256-GCM under the key encryption key, bound to this endpoint's public id.
  encrypted_secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);
-- Every issue, acceptance, revocation and decision asks this index whether anyone listens.
CREATE INDEX webhook_endpoints_organization ON webhook_endpoints (organization_id) WHERE active;

CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The event's id (webhook-id): the same for every endpoint and every retry of one event.
  event_id text NOT NULL,
  endpoint_id bigint NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'retrying', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id DESC);
