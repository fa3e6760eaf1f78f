// Row types of the platform's foundation: instance settings, accounts (people, addresses, tokens,
// sessions), organisations (memberships, invitations, issuer keys), jobs and mails.
import type { ColumnType, Generated } from 'kysely';
import type { Defaulted, NullableTimestamp, Timestamp } from './columns';

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
