-- Badge designs (Open Badges 3.0 Achievements). A badge has a public id (its URL and API id), a status
-- and Blason settings (validity, evidence rules, checklist, review policy, award rule); its OB 3.0
-- Achievement document and image are versioned: editing a published badge adds a version, so that
-- awarded credentials keep the design they were issued with; a draft is edited in place.
CREATE TABLE badges (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  current_version integer NOT NULL DEFAULT 1 CHECK (current_version > 0),
  settings jsonb NOT NULL DEFAULT '{}',
  -- Names in every language, lower-cased and without accents ("ingenierie" finds "Ingénierie").
  search_text text NOT NULL DEFAULT '',
  -- Tags, normalised the same way, for the catalogue's tag filter.
  search_tags text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX badges_organization ON badges (organization_id);
CREATE INDEX badges_status ON badges (status);

CREATE TABLE badge_versions (
  badge_id bigint NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  -- The OB 3.0 Achievement as designed, without its id (derived from the public id).
  achievement jsonb NOT NULL,
  image bytea,
  image_type text CHECK (image_type IN ('image/png', 'image/svg+xml')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  PRIMARY KEY (badge_id, version),
  CHECK ((image IS NULL) = (image_type IS NULL))
);
