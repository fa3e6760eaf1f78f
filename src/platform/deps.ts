// What services need from the outside world, passed in so tests can replace it.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { DB } from '../db/schema';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Deps {
  readonly db: Kysely<DB>;
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
  /** Encrypts issuers' private keys at rest (32 bytes). */
  readonly keyEncryptionKey: Uint8Array;
}

/** The signed-in person a service acts for. */
export interface Actor {
  readonly id: string;
  readonly publicId: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly locale: 'fr' | 'en';
}
