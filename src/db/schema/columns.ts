// Column types shared by the row types: how Kysely reads a column and what inserts and updates accept.
import type { ColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A column with a database default (or identity) that inserts may omit. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
