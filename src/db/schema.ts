// Row types of every table, as Kysely sees them, by concept in ./schema/; here the database they
// make and the row aliases repositories use. Services map rows to domain types; rows never leave a
// repository's caller.
import type { Insertable, Selectable } from 'kysely';
import type { ApplicationFilesTable, ApplicationsTable, VerdictsTable } from './schema/applications';
import type { CollectionItemsTable, CollectionsTable, ImportedCredentialsTable } from './schema/backpack';
import type { OrganizationTokensTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './schema/integrations';
import type { BadgeVersionsTable, BadgesTable, BulkBatchesTable, BulkRowsTable, CredentialsTable, PathwaysTable, StatusListsTable } from './schema/credentials';
import type { OauthClientsTable, OauthCodesTable, OauthGrantsTable, OauthTokensTable } from './schema/oauth';
import type {
  BadgeMappingsTable,
  EndorsementRequestsTable,
  EndorsementsTable,
  NetworkBadgeProposalsTable,
  NetworkMembersTable,
  NetworksTable,
  PartnershipsTable,
  RegionalOffersTable,
  UserKeysTable,
} from './schema/networks';
import type {
  ApiTokensTable,
  EmailTokensTable,
  InstanceSettingsTable,
  InvitationsTable,
  IssuerKeysTable,
  JobsTable,
  MailsTable,
  MembershipsTable,
  OrganizationsTable,
  SessionsTable,
  UserEmailsTable,
  UsersTable,
} from './schema/platform';

export * from './schema/applications';
export * from './schema/backpack';
export * from './schema/credentials';
export * from './schema/integrations';
export * from './schema/networks';
export * from './schema/oauth';
export * from './schema/platform';

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
  oauth_clients: OauthClientsTable;
  oauth_codes: OauthCodesTable;
  oauth_grants: OauthGrantsTable;
  oauth_tokens: OauthTokensTable;
  organization_tokens: OrganizationTokensTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
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
