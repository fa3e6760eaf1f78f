-- Networks and regional badges (scenario C, seed 002). A network is owned by an organisation (the
-- Region); an organisation joins by applying for the network's participant badge and, in the same
-- application, proposing how one or more of its own badges map onto the owner's regional badges.
-- The owner's review decides the application; on acceptance the organisation is a member, the
-- mappings are active and each mapped partner badge is endorsed by the owner (a signed OB 3.0
-- EndorsementCredential). Earners of a mapped badge are then offered the regional badge.
CREATE TABLE networks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- A badge of the owner; applying for it is how an organisation joins.
  participant_badge_id bigint NOT NULL UNIQUE REFERENCES badges (id) ON DELETE RESTRICT,
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX networks_organization ON networks (organization_id);

CREATE TABLE network_members (
  network_id bigint NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
  organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  application_id bigint REFERENCES applications (id) ON DELETE SET NULL,
  joined_at timestamptz NOT NULL,
  PRIMARY KEY (network_id, organization_id)
);
CREATE INDEX network_members_organization ON network_members (organization_id);

-- Signed endorsements (OB 3.0 EndorsementCredential): of a badge (its Achievement), of an
-- organisation (its Profile) or of one credential (open recognition), by an organisation or a person.
CREATE TABLE endorsements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  subject_kind text NOT NULL CHECK (subject_kind IN ('badge', 'organization', 'credential')),
  badge_id bigint REFERENCES badges (id) ON DELETE CASCADE,
  subject_organization_id bigint REFERENCES organizations (id) ON DELETE CASCADE,
  credential_id bigint REFERENCES credentials (id) ON DELETE CASCADE,
  endorser_organization_id bigint REFERENCES organizations (id) ON DELETE CASCADE,
  endorser_user_id bigint REFERENCES users (id) ON DELETE CASCADE,
  comment text NOT NULL DEFAULT '',
  -- Shown with its subject (the earner of an endorsed credential chooses).
  displayed boolean NOT NULL DEFAULT true,
  document jsonb NOT NULL,
  issued_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK ((subject_kind = 'badge') = (badge_id IS NOT NULL)),
  CHECK ((subject_kind = 'organization') = (subject_organization_id IS NOT NULL)),
  CHECK ((subject_kind = 'credential') = (credential_id IS NOT NULL)),
  CHECK ((endorser_organization_id IS NULL) <> (endorser_user_id IS NULL))
);
CREATE INDEX endorsements_badge ON endorsements (badge_id) WHERE badge_id IS NOT NULL;
CREATE INDEX endorsements_credential ON endorsements (credential_id) WHERE credential_id IS NOT NULL;
CREATE INDEX endorsements_organization ON endorsements (subject_organization_id) WHERE subject_organization_id IS NOT NULL;

-- A partner badge mapped onto a regional badge at a level: proposed with a participant
-- application, active once the owner accepts it.
CREATE TABLE badge_mappings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  network_id bigint NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
  application_id bigint REFERENCES applications (id) ON DELETE SET NULL,
  partner_badge_id bigint NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
  regional_badge_id bigint NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
  -- Name of the regional badge's level a partner credential is worth.
  level text,
  covers_all boolean NOT NULL,
  remarks text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'active', 'declined')),
  endorsement_id bigint REFERENCES endorsements (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  CHECK ((status = 'proposed') = (decided_at IS NULL))
);
-- A partner badge maps onto a regional badge once (proposed or active).
CREATE UNIQUE INDEX badge_mappings_one_live ON badge_mappings (partner_badge_id, regional_badge_id) WHERE status IN ('proposed', 'active');
CREATE INDEX badge_mappings_application ON badge_mappings (application_id) WHERE application_id IS NOT NULL;
CREATE INDEX badge_mappings_partner_active ON badge_mappings (partner_badge_id) WHERE status = 'active';

-- The regional badge offered to an earner of a mapped partner badge. One offer per mapping and
-- holder (a person's address, or an organisation): a declined offer is remembered.
CREATE TABLE regional_offers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  mapping_id bigint NOT NULL REFERENCES badge_mappings (id) ON DELETE CASCADE,
  partner_credential_id bigint NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  recipient_email text CHECK (recipient_email = lower(recipient_email)),
  recipient_organization_id bigint REFERENCES organizations (id) ON DELETE CASCADE,
  holder_key text NOT NULL,
  status text NOT NULL DEFAULT 'offered' CHECK (status IN ('offered', 'accepted', 'declined')),
  credential_id bigint REFERENCES credentials (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  UNIQUE (mapping_id, holder_key),
  CHECK ((recipient_email IS NULL) <> (recipient_organization_id IS NULL)),
  CHECK ((status = 'offered') = (decided_at IS NULL))
);
CREATE INDEX regional_offers_email ON regional_offers (recipient_email) WHERE recipient_email IS NOT NULL;
CREATE INDEX regional_offers_organization ON regional_offers (recipient_organization_id) WHERE recipient_organization_id IS NOT NULL;
