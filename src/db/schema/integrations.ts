// Row types of integrations: organisations' API tokens, webhook endpoints and their deliveries.
import type { ColumnType, Generated } from 'kysely';
import type { Defaulted, NullableTimestamp, Timestamp } from './columns';

export interface OrganizationTokensTable {
  id: Generated<string>;
  public_id: string;
  organization_id: string;
  name: string;
  scopes: string[];
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  public_id: string;
  organization_id: string;
  url: string;
  events: string[];
  encrypted_secret: string;
  active: Defaulted<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
  /** Set while the organisation has paused the endpoint (migration 022). */
  paused_at: NullableTimestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'retrying' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  event_id: string;
  endpoint_id: string;
  event_type: string;
  /** Written as a JSON string, read back parsed. */
  payload: ColumnType<unknown, string, string>;
  status: Defaulted<WebhookDeliveryStatus>;
  attempts: Defaulted<number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  last_attempt_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
}
