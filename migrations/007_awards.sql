-- Awarded badges (OB 3.0 OpenBadgeCredentials) and the revocation status lists they point at.
-- A credential is signed once, in both forms (Data Integrity JSON-LD and VC-JWT), and stored as
-- signed; its URL (and `id`) is <BASE_URL>/credentials/<public_id>. The recipient is a person (an
-- e-mail address, lower-cased, hashed with `salt` in the credential) or an organisation. The
-- recipient accepts or declines it with a mailed claim link (only the link's sha256 is stored).

-- W3C Bitstring Status Lists of an organisation (revocation): each credential takes the next free
-- index of the current list (a new list when it is full). The bits themselves are derived from the
-- credentials' revoked_at; the signed BitstringStatusListCredential is cached in `credential` and
-- signed again when `revision` (bumped by each revocation) moves past `signed_revision`.
CREATE TABLE status_lists (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  purpose text NOT NULL DEFAULT 'revocation' CHECK (purpose IN ('revocation')),
  -- The issuer id (did:web or did:key) the list and its credentials were signed as.
  issuer_id text NOT NULL,
  next_index integer NOT NULL DEFAULT 0 CHECK (next_index >= 0),
  length integer NOT NULL DEFAULT 131072 CHECK (length >= 131072),
  revision integer NOT NULL DEFAULT 0,
  signed_revision integer NOT NULL DEFAULT -1,
  credential jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (next_index <= length)
);
CREATE INDEX status_lists_open ON status_lists (organization_id, purpose, issuer_id) WHERE next_index < length;

CREATE TABLE credentials (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  badge_id bigint NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
  badge_version integer NOT NULL,
  -- The issuing organisation.
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  recipient_kind text NOT NULL CHECK (recipient_kind IN ('email', 'organization')),
  recipient_email text CHECK (recipient_email = lower(recipient_email)),
  recipient_organization_id bigint REFERENCES organizations (id) ON DELETE CASCADE,
  recipient_name text,
  salt text NOT NULL,
  narrative text,
  -- Name of the level achieved (one of the badge's levels).
  level text,
  evidence jsonb NOT NULL DEFAULT '[]',
  issued_at timestamptz NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'declined')),
  claim_token_hash text UNIQUE,
  claim_expires_at timestamptz,
  accepted_at timestamptz,
  declined_at timestamptz,
  revoked_at timestamptz,
  revocation_reason text,
  status_list_id bigint NOT NULL REFERENCES status_lists (id),
  status_list_index integer NOT NULL CHECK (status_list_index >= 0),
  -- The signed credential (Data Integrity eddsa-rdfc-2022) and the same award as a compact VC-JWT.
  document jsonb NOT NULL,
  jwt text NOT NULL,
  issued_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (status_list_id, status_list_index),
  CHECK ((recipient_kind = 'email') = (recipient_email IS NOT NULL)),
  CHECK ((recipient_kind = 'organization') = (recipient_organization_id IS NOT NULL)),
  CHECK (valid_until IS NULL OR valid_until > valid_from),
  CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);
CREATE INDEX credentials_badge ON credentials (badge_id, created_at DESC);
CREATE INDEX credentials_issuer ON credentials (organization_id);
CREATE INDEX credentials_recipient_email ON credentials (recipient_email) WHERE recipient_email IS NOT NULL;
CREATE INDEX credentials_recipient_organization ON credentials (recipient_organization_id) WHERE recipient_organization_id IS NOT NULL;
CREATE INDEX credentials_revoked ON credentials (status_list_id) WHERE revoked_at IS NOT NULL;
