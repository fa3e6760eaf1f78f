// Row types of applications and their review: applications, evidence files, verdicts.
import type { ColumnType, Generated } from 'kysely';
import type { Defaulted, NullableTimestamp, Timestamp } from './columns';

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
  /** NULL once the examiner deleted their account: the verdict stays, anonymised, its comment cleared (migration 021). */
  examiner_id: string | null;
  verdict: Verdict;
  comment: Defaulted<string>;
  criteria_met: Defaulted<number[]>;
  created_at: Timestamp;
}
