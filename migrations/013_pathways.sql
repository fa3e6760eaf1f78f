-- Pathways (seed 004, scenario D): an organisation's ordered or grouped set of badges, steps with
-- prerequisites, whose page shows an earner's progress and what comes next.
CREATE TABLE pathways (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- [{"name", "badges": [badge public ids], "count"?: k, "requires"?: [step indexes]}]
  steps jsonb NOT NULL,
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published')),
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX pathways_organization ON pathways (organization_id);
