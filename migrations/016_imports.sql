-- Badges earned elsewhere, imported into a person's backpack (issue 6): verified on the way in
-- (nothing is stored when verification fails), kept as read with the last verification, and
-- checked again daily — an outside badge revoked by its issuer shows as revoked.
CREATE TABLE imported_credentials (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- How it came: json, jwt, png, svg (as the verifier read it), and the URL it was read from.
  format text NOT NULL,
  source_url text,
  -- The credential's own id (one import per person and credential).
  credential_key text NOT NULL,
  -- The credential as read (for a JWT, its payload) and, for a JWT, the compact form it is checked in.
  document jsonb NOT NULL,
  jwt text,
  name text NOT NULL,
  issuer_name text,
  -- The verdict of the last verification (valid, revoked, expired…) and its report.
  verdict text NOT NULL,
  verification jsonb NOT NULL,
  verified_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (user_id, credential_key)
);
CREATE INDEX imported_credentials_user ON imported_credentials (user_id, id DESC);
CREATE INDEX imported_credentials_checked ON imported_credentials (verified_at);
