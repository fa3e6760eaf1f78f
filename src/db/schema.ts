// Row types of every table, as Kysely sees them. Services map rows to domain types; rows never leave a repository's caller.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A column with a database default (or identity) that inserts may omit. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type Role = 'owner' | 'admin' | 'designer' | 'issuer' | 'reviewer';
export type Locale = 'fr' | 'en';

export interface InstanceSettingsTable {
  key: string;
  value: string;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  public_id: string;
  display_name: string;
  password_hash: string | null;
  locale: Defaulted<Locale>;
  is_admin: Defaulted<boolean>;
  review_digest: Defaulted<ReviewDigest>;
  profile_public: Defaulted<boolean>;
  profile_bio: Defaulted<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ReviewDigest = 'immediate' | 'daily';

export interface UserEmailsTable {
  id: Generated<string>;
  user_id: string;
  email: string;
  is_primary: Defaulted<boolean>;
  verified_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface EmailTokensTable {
  id: Generated<string>;
  token_hash: string;
  purpose: 'verify' | 'reset';
  user_id: string;
  email: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  user_agent: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  public_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Defaulted<string>;
  url: string | null;
  email: string | null;
  logo: Buffer | null;
  logo_type: string | null;
  did_method: Defaulted<'web' | 'key'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  roles: Role[];
  created_at: Timestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  public_id: string;
  organization_id: string;
  email: string;
  roles: Role[];
  token_hash: string;
  invited_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_by: string | null;
  revoked_at: NullableTimestamp;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: Generated<string>;
  name: string;
  payload: ColumnType<unknown, string | undefined, string>;
  status: Defaulted<JobStatus>;
  run_at: Timestamp;
  attempts: Defaulted<number>;
  max_attempts: Defaulted<number>;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface MailsTable {
  id: Generated<string>;
  job_id: string | null;
  message_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  transport: 'smtp' | 'outbox';
  created_at: Timestamp;
}

export interface IssuerKeysTable {
  id: Generated<string>;
  organization_id: string;
  fragment: string;
  public_key_multibase: string;
  encrypted_private_key: string;
  created_at: Timestamp;
  retired_at: NullableTimestamp;
}

export type BadgeStatus = 'draft' | 'published' | 'archived';
export type BadgeImageType = 'image/png' | 'image/svg+xml';

export interface BadgesTable {
  id: Generated<string>;
  public_id: string;
  organization_id: string;
  status: Defaulted<BadgeStatus>;
  current_version: Defaulted<number>;
  /** Written as a JSON string, read back parsed. */
  settings: ColumnType<unknown, string, string>;
  search_text: Defaulted<string>;
  search_tags: Defaulted<string[]>;
  /** The badge it was copied from (a pathway template's), if any. */
  source_badge_id: Defaulted<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BadgeVersionsTable {
  badge_id: string;
  version: number;
  /** Written as a JSON string, read back parsed. */
  achievement: ColumnType<unknown, string, string>;
  image: Buffer | null;
  image_type: BadgeImageType | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface StatusListsTable {
  id: Generated<string>;
  organization_id: string;
  purpose: Defaulted<'revocation'>;
  issuer_id: string;
  next_index: Defaulted<number>;
  length: Defaulted<number>;
  revision: Defaulted<number>;
  signed_revision: Defaulted<number>;
  /** The signed BitstringStatusListCredential; written as a JSON string, read back parsed. */
  credential: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CredentialState = 'pending' | 'accepted' | 'declined';

export interface CredentialsTable {
  id: Generated<string>;
  public_id: string;
  badge_id: string;
  badge_version: number;
  organization_id: string;
  recipient_kind: 'email' | 'organization';
  recipient_email: string | null;
  recipient_organization_id: string | null;
  recipient_name: string | null;
  salt: string;
  narrative: string | null;
  level: string | null;
  /** Written as a JSON string, read back parsed. */
  evidence: ColumnType<unknown, string, string>;
  issued_at: Timestamp;
  valid_from: Timestamp;
  valid_until: NullableTimestamp;
  state: Defaulted<CredentialState>;
  claim_token_hash: string | null;
  claim_expires_at: NullableTimestamp;
  accepted_at: NullableTimestamp;
  declined_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  revocation_reason: string | null;
  status_list_id: string;
  status_list_index: number;
  /** The signed Data Integrity credential; written as a JSON string, read back parsed. */
  document: ColumnType<unknown, string, string>;
  jwt: string;
  issued_by: string | null;
  /** Issued by a badge's award rule: the public ids of the credentials it rests on (JSON array). */
  rule_basis: ColumnType<string[] | null, string | null | undefined, string | null>;
  visibility: Defaulted<Visibility>;
  evidence_shown: Defaulted<boolean>;
  created_at: Timestamp;
}

export interface PathwaysTable {
  id: Generated<string>;
  public_id: string;
  organization_id: string;
  name: string;
  description: Defaulted<string>;
  /** Written as a JSON string, read back parsed. */
  steps: ColumnType<unknown, string, string>;
  status: Defaulted<'draft' | 'published'>;
  is_template: Defaulted<boolean>;
  source_pathway_id: Defaulted<string | null>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type BulkBatchStatus = 'preview' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type BulkRowStatus = 'valid' | 'invalid' | 'issued' | 'skipped';

export interface BulkBatchesTable {
  id: Generated<string>;
  public_id: string;
  badge_id: string;
  organization_id: string;
  uploaded_by: string | null;
  locale: Defaulted<Locale>;
  file_name: string | null;
  file_sha256: string;
  row_count: Defaulted<number>;
  valid_count: Defaulted<number>;
  invalid_count: Defaulted<number>;
  status: Defaulted<BulkBatchStatus>;
  progress_total: Defaulted<number>;
  progress_done: Defaulted<number>;
  progress_skipped: Defaulted<number>;
  run: Defaulted<number>;
  last_error: string | null;
  created_at: Timestamp;
  confirmed_at: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface BulkRowsTable {
  id: Generated<string>;
  batch_id: string;
  badge_id: string;
  row_number: number;
  email: Defaulted<string>;
  name: Defaulted<string>;
  narrative: Defaulted<string>;
  evidence: Defaulted<string>;
  level: Defaulted<string>;
  issued: Defaulted<string>;
  expires: Defaulted<string>;
  status: BulkRowStatus;
  errors: Defaulted<string[]>;
  dedupe_key: string | null;
  credential_id: string | null;
  issued_at: NullableTimestamp;
}

export type ApplicationStatus = 'draft' | 'pending' | 'accepted' | 'refused' | 'withdrawn';
export type ReviewMode = 'staff' | 'committee' | 'holders';
export type Verdict = 'yes' | 'no';

export interface ApplicationsTable {
  id: Generated<string>;
  public_id: string;
  badge_id: string;
  applicant_id: string;
  organization_id: string | null;
  recipient_email: string | null;
  status: Defaulted<ApplicationStatus>;
  narrative: Defaulted<string>;
  /** Written as a JSON string, read back parsed. */
  links: ColumnType<unknown, string | undefined, string>;
  checklist: Defaulted<number[]>;
  level: string | null;
  review_mode: ReviewMode | null;
  quorum: number | null;
  submitted_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  withdrawn_at: NullableTimestamp;
  credential_id: string | null;
  /** A renewal: the credential it renews. */
  renews_credential_id: Defaulted<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApplicationFilesTable {
  id: Generated<string>;
  public_id: string;
  application_id: string;
  filename: string;
  media_type: string;
  size: number;
  content: Buffer;
  sha256: string;
  created_at: Timestamp;
}

export interface VerdictsTable {
  id: Generated<string>;
  application_id: string;
  examiner_id: string;
  verdict: Verdict;
  comment: Defaulted<string>;
  criteria_met: Defaulted<number[]>;
  created_at: Timestamp;
}

export interface NetworksTable {
  id: Generated<string>;
  public_id: string;
  organization_id: string;
  name: string;
  description: Defaulted<string>;
  participant_badge_id: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NetworkMembersTable {
  network_id: string;
  organization_id: string;
  application_id: string | null;
  joined_at: Timestamp;
}

export type EndorsementSubjectKind = 'badge' | 'organization' | 'credential';

export interface EndorsementsTable {
  id: Generated<string>;
  public_id: string;
  subject_kind: EndorsementSubjectKind;
  badge_id: string | null;
  subject_organization_id: string | null;
  credential_id: string | null;
  endorser_organization_id: string | null;
  endorser_user_id: string | null;
  comment: Defaulted<string>;
  displayed: Defaulted<boolean>;
  /** Written as a JSON string, read back parsed. */
  document: ColumnType<unknown, string, string>;
  issued_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export type MappingStatus = 'proposed' | 'active' | 'declined';

export interface BadgeMappingsTable {
  id: Generated<string>;
  public_id: string;
  network_id: string;
  application_id: string | null;
  partner_badge_id: string;
  regional_badge_id: string;
  level: string | null;
  covers_all: boolean;
  remarks: Defaulted<string>;
  status: Defaulted<MappingStatus>;
  endorsement_id: string | null;
  created_at: Timestamp;
  decided_at: NullableTimestamp;
}

export type OfferStatus = 'offered' | 'accepted' | 'declined';

export interface RegionalOffersTable {
  id: Generated<string>;
  public_id: string;
  mapping_id: string;
  partner_credential_id: string;
  recipient_email: string | null;
  recipient_organization_id: string | null;
  holder_key: string;
  status: Defaulted<OfferStatus>;
  credential_id: string | null;
  created_at: Timestamp;
  decided_at: NullableTimestamp;
}

export interface UserKeysTable {
  user_id: string;
  public_key_multibase: string;
  encrypted_private_key: string;
  created_at: Timestamp;
}

export interface PartnershipsTable {
  organization_id: string;
  partner_id: string;
  created_at: Timestamp;
}

export type RequestStatus = 'pending' | 'accepted' | 'declined';

export interface EndorsementRequestsTable {
  id: Generated<string>;
  public_id: string;
  requester_organization_id: string;
  endorser_organization_id: string;
  badge_id: string | null;
  message: Defaulted<string>;
  status: Defaulted<RequestStatus>;
  endorsement_id: string | null;
  requested_by: string | null;
  created_at: Timestamp;
  decided_at: NullableTimestamp;
}

export interface NetworkBadgeProposalsTable {
  id: Generated<string>;
  public_id: string;
  network_id: string;
  organization_id: string;
  badge_id: string;
  message: Defaulted<string>;
  status: Defaulted<RequestStatus>;
  proposed_by: string | null;
  created_at: Timestamp;
  decided_at: NullableTimestamp;
}

export interface ImportedCredentialsTable {
  id: Generated<string>;
  public_id: string;
  user_id: string;
  format: string;
  source_url: string | null;
  credential_key: string;
  /** Written as a JSON string, read back parsed. */
  document: ColumnType<unknown, string, string>;
  jwt: string | null;
  name: string;
  issuer_name: string | null;
  verdict: string;
  verification: ColumnType<unknown, string, string>;
  verified_at: Timestamp;
  created_at: Timestamp;
}

export type Visibility = 'private' | 'link' | 'public';

export interface CollectionsTable {
  id: Generated<string>;
  public_id: string;
  user_id: string;
  name: string;
  description: Defaulted<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CollectionItemsTable {
  collection_id: string;
  credential_id: string;
  position: number;
}

export interface DB {
  instance_settings: InstanceSettingsTable;
  users: UsersTable;
  user_emails: UserEmailsTable;
  email_tokens: EmailTokensTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  jobs: JobsTable;
  mails: MailsTable;
  issuer_keys: IssuerKeysTable;
  badges: BadgesTable;
  badge_versions: BadgeVersionsTable;
  status_lists: StatusListsTable;
  credentials: CredentialsTable;
  pathways: PathwaysTable;
  bulk_batches: BulkBatchesTable;
  bulk_rows: BulkRowsTable;
  applications: ApplicationsTable;
  application_files: ApplicationFilesTable;
  verdicts: VerdictsTable;
  networks: NetworksTable;
  network_members: NetworkMembersTable;
  endorsements: EndorsementsTable;
  badge_mappings: BadgeMappingsTable;
  regional_offers: RegionalOffersTable;
  user_keys: UserKeysTable;
  partnerships: PartnershipsTable;
  endorsement_requests: EndorsementRequestsTable;
  network_badge_proposals: NetworkBadgeProposalsTable;
  imported_credentials: ImportedCredentialsTable;
  collections: CollectionsTable;
  collection_items: CollectionItemsTable;
}

export type UserRow = Selectable<UsersTable>;
export type UserEmailRow = Selectable<UserEmailsTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type JobRow = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
export type MailRow = Selectable<MailsTable>;
export type IssuerKeyRow = Selectable<IssuerKeysTable>;
export type BadgeRow = Selectable<BadgesTable>;
export type BadgeVersionRow = Selectable<BadgeVersionsTable>;
export type StatusListRow = Selectable<StatusListsTable>;
export type CredentialRow = Selectable<CredentialsTable>;
export type NewCredentialRow = Insertable<CredentialsTable>;
export type BulkBatchRow = Selectable<BulkBatchesTable>;
export type BulkRowRow = Selectable<BulkRowsTable>;
export type NewBulkRow = Insertable<BulkRowsTable>;
export type ApplicationRow = Selectable<ApplicationsTable>;
export type ApplicationFileRow = Selectable<ApplicationFilesTable>;
export type VerdictRow = Selectable<VerdictsTable>;
