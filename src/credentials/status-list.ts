// Revocation lists: the W3C Bitstring Status List (a GZIP-compressed bitstring, base64url with the
// multibase `u` prefix, at least 16 KB = 131,072 entries, index 0 the left-most bit) and the 1EdTech
// Revocation List (a JSON document listing revoked credential ids).
import zlib from 'node:zlib';
import { dateTime } from './build';
import { asArray, isRecord, typesOf, VC_V2_CONTEXT, type JsonRecord } from './model';

/** The minimum bitstring length (16 KB), which also gives group privacy. */
export const MIN_STATUS_LIST_LENGTH = 16 * 1024 * 8;
/** Largest bitstring accepted when reading (protects against decompression bombs). */
const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

/** A status bitstring: bit `i` is the status of the credential whose statusListIndex is `i`. */
export type StatusBits = Uint8Array;

/** A new bitstring with every status unset (`length` entries, rounded up to whole bytes). */
export function createStatusBits(length = MIN_STATUS_LIST_LENGTH): StatusBits {
  if (!Number.isSafeInteger(length) || length < MIN_STATUS_LIST_LENGTH) {
    throw new RangeError(`A status list has at least ${MIN_STATUS_LIST_LENGTH} entries.`);
  }
  return new Uint8Array(Math.ceil(length / 8));
}

/** Sets (or, with `revoked = false`, clears) the status bit at `index`. */
export function setRevoked(bits: StatusBits, index: number, revoked = true): void {
  const [byte, mask] = position(bits, index);
  bits[byte] = revoked ? bits[byte]! | mask : bits[byte]! & ~mask;
}

/** Whether the status bit at `index` is set. */
export function isRevoked(bits: StatusBits, index: number): boolean {
  const [byte, mask] = position(bits, index);
  return (bits[byte]! & mask) !== 0;
}

/** `u` + base64url (no padding) of the GZIP-compressed bitstring. */
export function encodeStatusBits(bits: StatusBits): string {
  return `u${zlib.gzipSync(bits).toString('base64url')}`;
}

/** Decodes an `encodedList` (with or without the multibase `u` prefix). */
export function decodeStatusBits(encodedList: string): StatusBits {
  const base64 = encodedList.startsWith('u') ? encodedList.slice(1) : encodedList;
  if (!/^[A-Za-z0-9_-]+$/.test(base64)) throw new TypeError('encodedList is not base64url.');
  const bits = zlib.gunzipSync(Buffer.from(base64, 'base64url'), { maxOutputLength: MAX_STATUS_LIST_BYTES });
  return new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
}

export interface StatusListCredentialInput {
  /** URL where the list is published (`statusListCredential` of the entries). */
  id: string;
  /** Issuer id (the same as the credentials' issuer). */
  issuer: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  statusPurpose?: 'revocation' | 'suspension';
  bits: StatusBits;
}

/** An unsigned BitstringStatusListCredential (sign it with `signDataIntegrity`). */
export function buildStatusListCredential(input: StatusListCredentialInput): JsonRecord {
  if (input.bits.length * 8 < MIN_STATUS_LIST_LENGTH) throw new RangeError('The bitstring is shorter than 16 KB.');
  const credential: JsonRecord = {
    '@context': [VC_V2_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: dateTime(input.validFrom, 'validFrom'),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.statusPurpose ?? 'revocation',
      encodedList: encodeStatusBits(input.bits),
    },
  };
  if (input.validUntil !== undefined) credential.validUntil = dateTime(input.validUntil, 'validUntil');
  return credential;
}

/** Reads a BitstringStatusListCredential; throws a TypeError if it is not one. */
export function readStatusListCredential(credential: JsonRecord): { issuer?: string; statusPurpose: string; bits: StatusBits } {
  if (!typesOf(credential).includes('BitstringStatusListCredential')) throw new TypeError('Not a BitstringStatusListCredential.');
  const subject = credential.credentialSubject;
  if (!isRecord(subject) || !typesOf(subject).includes('BitstringStatusList')) throw new TypeError('The credential subject is not a BitstringStatusList.');
  if (typeof subject.statusPurpose !== 'string' || typeof subject.encodedList !== 'string') throw new TypeError('The status list lacks statusPurpose or encodedList.');
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : isRecord(credential.issuer) ? (credential.issuer.id as string) : undefined;
  return { issuer, statusPurpose: subject.statusPurpose, bits: decodeStatusBits(subject.encodedList) };
}

/** A 1EdTech Revocation List document (served at the `credentialStatus.id` URL, unsigned JSON). */
export interface RevocationList {
  id: string;
  issuer?: string;
  revokedCredential: Array<{ id: string; revoked?: boolean; revocationReason?: string }>;
}

export function buildRevocationList(input: { id: string; issuer?: string; revoked: ReadonlyArray<{ id: string; reason?: string }> }): RevocationList {
  return {
    id: input.id,
    ...(input.issuer ? { issuer: input.issuer } : {}),
    revokedCredential: input.revoked.map((entry) => ({ id: entry.id, revoked: true, ...(entry.reason ? { revocationReason: entry.reason } : {}) })),
  };
}

/** Whether a 1EdTech Revocation List revokes `credentialId` (`revoked` true or omitted). */
export function isRevokedInList(list: unknown, credentialId: string): boolean {
  if (!isRecord(list)) throw new TypeError('Not a revocation list.');
  return asArray(list.revokedCredential).some((entry) => isRecord(entry) && entry.id === credentialId && entry.revoked !== false);
}

function position(bits: StatusBits, index: number): [number, number] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bits.length * 8) throw new RangeError(`Status list index out of range: ${index}`);
  return [index >> 3, 0x80 >> (index & 7)];
}
