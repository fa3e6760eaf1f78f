-- Open recognition (seed 003), partners, badge proposals to a network, pathway templates.

-- A person endorsing someone else's credential signs with their own Ed25519 key, named by its
-- did:key (made on first use; the private half encrypted like issuers' keys).
CREATE TABLE user_keys (
  user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  public_key_multibase text NOT NULL UNIQUE,
  encrypted_private_key text NOT NULL,
  created_at timestamptz NOT NULL
);
-- One live endorsement per person and credential; one per organisation and subject.
CREATE UNIQUE INDEX endorsements_one_per_person ON endorsements (credential_id, endorser_user_id)
  WHERE endorser_user_id IS NOT NULL AND revoked_at IS NULL;
CREATE UNIQUE INDEX endorsements_one_per_organization ON endorsements (endorser_organization_id, subject_kind, coalesce(badge_id, subject_organization_id, credential_id))
  WHERE endorser_organization_id IS NOT NULL AND revoked_at IS NULL;

-- Partners: an organisation lists another as a partner (both directions: mutual partners).
CREATE TABLE partnerships (
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  partner_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (organization_id, partner_id),
  CHECK (organization_id <> partner_id)
);
CREATE INDEX partnerships_partner ON partnerships (partner_id);

-- An organisation asks another to endorse one of its badges, or itself.
CREATE TABLE endorsement_requests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  requester_organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  endorser_organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  badge_id bigint REFERENCES badges (id) ON DELETE CASCADE,
  message text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  endorsement_id bigint REFERENCES endorsements (id) ON DELETE SET NULL,
  requested_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  CHECK (requester_organization_id <> endorser_organization_id),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX endorsement_requests_one_pending ON endorsement_requests (requester_organization_id, endorser_organization_id, coalesce(badge_id, 0))
  WHERE status = 'pending';
CREATE INDEX endorsement_requests_endorser ON endorsement_requests (endorser_organization_id, status);

-- A member proposes one of its badges for the network's list; the owner accepts or declines.
CREATE TABLE network_badge_proposals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  network_id bigint NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  badge_id bigint NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
  message text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  proposed_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX network_badge_proposals_live ON network_badge_proposals (network_id, badge_id) WHERE status IN ('pending', 'accepted');

-- Pathway templates: a published pathway another organisation may copy into its own badges; each
-- copy (pathway and badges) is linked to its source.
ALTER TABLE pathways ADD COLUMN is_template boolean NOT NULL DEFAULT false;
ALTER TABLE pathways ADD COLUMN source_pathway_id bigint REFERENCES pathways (id) ON DELETE SET NULL;
ALTER TABLE badges ADD COLUMN source_badge_id bigint REFERENCES badges (id) ON DELETE SET NULL;
