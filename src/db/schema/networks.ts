// Row types of networks and endorsements: networks and members, endorsements, badge mappings and
// regional offers, people's keys, partnerships, endorsement requests, badge proposals.
import type { ColumnType, Generated } from 'kysely';
import type { Defaulted, NullableTimestamp, Timestamp } from './columns';

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
  /** The entry in the endorser organisation's revocation status list (none for a person). */
  status_list_id: string | null;
  status_list_index: number | null;
  revocation_reason: string | null;
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
