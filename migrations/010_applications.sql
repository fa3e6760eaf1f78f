-- Applications for badges and their review. An application is made by a person, for themselves or
-- on behalf of an organisation they manage (scenario B: organisations earn labels). It is decided by
-- the badge's review policy, copied onto the application when it is submitted (mode and quorum), so
-- that a policy changed later does not move the goalposts of applications already under review.
-- The examiners of an application are a query (staff of the issuer, committee members by verified
-- e-mail, or current holders of the badge), never copied rows: 10,000 holders cost nothing here.
CREATE TABLE applications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  badge_id bigint NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
  applicant_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Set when the applicant applies on behalf of an organisation (which then receives the badge).
  organization_id bigint REFERENCES organizations (id) ON DELETE CASCADE,
  -- The address the credential is issued to (one of the applicant's verified addresses).
  recipient_email text CHECK (recipient_email = lower(recipient_email)),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'pending', 'accepted', 'refused', 'withdrawn')),
  narrative text NOT NULL DEFAULT '',
  -- [{url, name?}]
  links jsonb NOT NULL DEFAULT '[]',
  -- Indices of the badge's checklist items the applicant says are met (self-assessment).
  checklist integer[] NOT NULL DEFAULT '{}',
  -- Name of the level applied for (one of the badge's levels).
  level text,
  -- Copied from the badge's review policy when submitted.
  review_mode text CHECK (review_mode IN ('staff', 'committee', 'holders')),
  quorum integer CHECK (quorum > 0),
  submitted_at timestamptz,
  decided_at timestamptz,
  withdrawn_at timestamptz,
  credential_id bigint REFERENCES credentials (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'draft') = (submitted_at IS NULL)),
  CHECK ((status IN ('accepted', 'refused')) = (decided_at IS NOT NULL)),
  CHECK (status = 'draft' OR (review_mode IS NOT NULL AND quorum IS NOT NULL))
);
-- One open (draft or pending) application per applicant (and organisation) and badge; a refused
-- or withdrawn applicant may apply again.
CREATE UNIQUE INDEX applications_one_open ON applications (badge_id, applicant_id, coalesce(organization_id, 0))
  WHERE status IN ('draft', 'pending');
CREATE INDEX applications_pending ON applications (badge_id, submitted_at) WHERE status = 'pending';
CREATE INDEX applications_applicant ON applications (applicant_id, created_at DESC);
CREATE INDEX applications_organization ON applications (organization_id) WHERE organization_id IS NOT NULL;

-- Evidence files: private to the applicant, the application's examiners and the issuer's staff.
-- Served by an unguessable public id and only after an access check.
CREATE TABLE application_files (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  filename text NOT NULL,
  media_type text NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  content bytea NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_files_application ON application_files (application_id);

-- Verdicts, in order of arrival (id). One per examiner and application, enforced here; a verdict
-- is only inserted while the application row is locked and pending, so two examiners voting at
-- the quorum boundary decide once.
CREATE TABLE verdicts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  examiner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  verdict text NOT NULL CHECK (verdict IN ('yes', 'no')),
  comment text NOT NULL DEFAULT '',
  -- Indices of the badge's checklist items the examiner found met.
  criteria_met integer[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (application_id, examiner_id)
);

-- How a person wants to hear of applications to examine: a mail for each, or one daily digest.
ALTER TABLE users ADD COLUMN review_digest text NOT NULL DEFAULT 'immediate'
  CHECK (review_digest IN ('immediate', 'daily'));

-- Current holders of a badge, by address: the holders' pool query runs on this.
CREATE INDEX credentials_badge_holders ON credentials (badge_id, recipient_email)
  WHERE revoked_at IS NULL AND recipient_email IS NOT NULL;
CREATE INDEX user_emails_verified ON user_emails (email) WHERE verified_at IS NOT NULL;
