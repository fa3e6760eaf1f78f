// Row types of OAuth 2.0 for the Open Badges 3.0 API: clients, codes, grants, tokens (secrets as sha256).
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './columns';

export interface OauthClientsTable {
  id: Generated<string>;
  client_id: string;
  secret_hash: string;
  name: string;
  client_uri: string;
  logo_uri: string;
  tos_uri: string;
  policy_uri: string;
  software_id: string;
  software_version: string;
  /** Written as a JSON string, read back parsed. */
  redirect_uris: ColumnType<string[], string, string>;
  contacts: ColumnType<string[], string, string>;
  scope: string;
  created_at: Timestamp;
}

export interface OauthCodesTable {
  id: Generated<string>;
  code_hash: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scope: string;
  code_challenge: string;
  code_challenge_method: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface OauthGrantsTable {
  id: Generated<string>;
  client_id: string;
  user_id: string;
  code_id: string | null;
  scope: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface OauthTokensTable {
  id: Generated<string>;
  grant_id: string;
  kind: 'access' | 'refresh';
  token_hash: string;
  scope: string;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
}
