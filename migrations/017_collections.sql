-- The earner's side of the backpack (issue 6): who sees each credential, named and ordered
-- collections, and an opt-in public profile.
-- private: its page and documents for its earner and its issuer's staff only; link (default): anyone
-- with its address; public: also listed on the earner's public profile.
ALTER TABLE credentials ADD COLUMN visibility text NOT NULL DEFAULT 'link' CHECK (visibility IN ('private', 'link', 'public'));
ALTER TABLE users ADD COLUMN profile_public boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN profile_bio text NOT NULL DEFAULT '';

CREATE TABLE collections (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX collections_user ON collections (user_id, id);

CREATE TABLE collection_items (
  collection_id bigint NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  credential_id bigint NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  position integer NOT NULL,
  PRIMARY KEY (collection_id, credential_id)
);
