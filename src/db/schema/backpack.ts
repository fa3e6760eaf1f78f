// Row types of the earner's backpack: imported credentials, collections.
import type { ColumnType, Generated } from 'kysely';
import type { Defaulted, Timestamp } from './columns';

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
