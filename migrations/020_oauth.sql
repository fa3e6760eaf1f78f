-- OAuth 2.0 for the Open Badges 3.0 API (issue 7): clients registered dynamically (RFC 7591),
-- authorization codes with PKCE, a person's grants to a client (one per consent: the family of its
-- refresh tokens) and the access and refresh tokens. Every secret is stored as its sha256 only.
CREATE TABLE oauth_clients (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  name text NOT NULL,
  client_uri text NOT NULL,
  logo_uri text NOT NULL,
  tos_uri text NOT NULL,
  policy_uri text NOT NULL,
  software_id text NOT NULL,
  software_version text NOT NULL,
  -- JSON arrays of strings.
  redirect_uris jsonb NOT NULL,
  contacts jsonb NOT NULL,
  -- The scopes it may ask for, space-separated.
  scope text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE oauth_codes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code_hash text NOT NULL UNIQUE,
  client_id bigint NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  redirect_uri text NOT NULL,
  scope text NOT NULL,
  code_challenge text NOT NULL,
  code_challenge_method text NOT NULL CHECK (code_challenge_method = 'S256'),
  expires_at timestamptz NOT NULL,
  -- Single use: set when exchanged; a second exchange revokes what the first one gave.
  used_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX oauth_codes_expiry ON oauth_codes (expires_at);

CREATE TABLE oauth_grants (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id bigint NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_id bigint REFERENCES oauth_codes (id) ON DELETE SET NULL,
  scope text NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX oauth_grants_user ON oauth_grants (user_id, client_id);
CREATE INDEX oauth_grants_code ON oauth_grants (code_id);

CREATE TABLE oauth_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grant_id bigint NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('access', 'refresh')),
  token_hash text NOT NULL UNIQUE,
  scope text NOT NULL,
  expires_at timestamptz NOT NULL,
  -- A refresh token is revoked when used (rotation), an access token when revoked by its client.
  revoked_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX oauth_tokens_grant ON oauth_tokens (grant_id);
CREATE INDEX oauth_tokens_expiry ON oauth_tokens (expires_at);
