// Row types of badges and credentials: badge designs and versions, status lists, awarded
// credentials, pathways and bulk awards.
import type { ColumnType, Generated } from 'kysely';
import type { Locale } from './platform';
import type { Defaulted, NullableTimestamp, Timestamp } from './columns';

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
export type Visibility = 'private' | 'link' | 'public';

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

export type BulkBatchStatus = 'loading' | 'preview' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
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
