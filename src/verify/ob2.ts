// Open Badges 2.0 for the verifier, the pure part: recognising an OB 2.0 Assertion (JSON, a signed
// assertion's compact JWS, a PNG baked under the `openbadges` keyword, an SVG with an
// `openbadges:assertion` element, or the URL such an image carries), its checks' ids and problem
// codes in the order of OB 2.0 verification, and the rules that need no network: well-formedness,
// the recipient's identity (plain or `sha256$`/`md5$` with a salt), the issuer's verification
// policy, a hosted copy compared with the one given. OB 2.0 is read as plain JSON (its JSON-LD
// context is never fetched).
import { createHash } from 'node:crypto';
import { asArray, isPng, isRecord, isSvg, readPngCredential, readPngText, readSvgAssertion, readSvgCredential, type InputFormat, type JsonRecord } from '../credentials';

/** The checks of an OB 2.0 assertion, in the order of OB 2.0 verification (`hosted` or `signature`, as its verification type says). */
export const OB2_CHECK_ORDER = ['assertion', 'hosted', 'badge', 'policy', 'signature', 'recipient', 'revocation', 'expiry'] as const;
export type Ob2CheckId = (typeof OB2_CHECK_ORDER)[number];

/** Problems only OB 2.0 has; revocation, expiry and the recipient reuse the OB 3.0 codes (status.revoked, validity.expired, subject.recipient_mismatch, subject.recipient_unknown). */
export const OB2_CODES = [
  'ob2.required',
  'ob2.invalid_value',
  'ob2.verification_type',
  'ob2.hosted_unavailable',
  'ob2.hosted_mismatch',
  'ob2.badge_unavailable',
  'ob2.badge_invalid',
  'ob2.issuer_unavailable',
  'ob2.issuer_invalid',
  'ob2.origin_not_allowed',
  'ob2.key_not_issuer',
  'ob2.signature_missing',
  'ob2.signature_invalid',
  'ob2.key_unavailable',
  'ob2.alg_unsupported',
  'ob2.revocation_list_unavailable',
  'ob2.recipient_missing',
] as const;
export type Ob2Code = (typeof OB2_CODES)[number];

export interface Ob2Problem {
  code: Ob2Code | 'subject.recipient_mismatch' | 'subject.recipient_unknown' | 'status.revoked' | 'validity.expired';
  path?: string;
  detail?: string;
}

/** An OB 2.0 assertion as handed in: the assertion itself, a signed one (its JWS and payload), or the URL of a hosted one. */
export interface Ob2Input {
  format: InputFormat;
  assertion?: JsonRecord;
  jws?: string;
  url?: string;
}

export const OB2_PNG_KEYWORD = 'openbadges';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** True for an OB 2.0 Assertion (not an OB 3.0 / VC credential). */
export function isOb2Assertion(value: unknown): value is JsonRecord {
  if (!isRecord(value) || 'credentialSubject' in value || 'vc' in value) return false;
  if (asArray(value.type).includes('Assertion')) return true;
  if (asArray(value['@context']).some((c) => typeof c === 'string' && /openbadges\/v2|openbadges\.org\/v2/.test(c))) return true;
  return 'recipient' in value && 'badge' in value;
}

/** The payload of a compact JWS, or undefined. */
export function jwsPayload(compact: string): unknown {
  try {
    return JSON.parse(Buffer.from(compact.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Recognises an OB 2.0 assertion in what the verifier was given (bytes, text or a JSON object);
 * undefined when it is not one (an OB 3.0 credential, garbage: the OB 3.0 reader reports those).
 */
export function readOb2Input(subject: unknown): Ob2Input | undefined {
  try {
    if (subject instanceof Uint8Array) {
      if (isPng(subject)) {
        if (readPngCredential(subject) !== undefined) return undefined;
        const text = readPngText(subject, OB2_PNG_KEYWORD);
        return text === undefined ? undefined : bakedText(text, 'png');
      }
      return readOb2Input(Buffer.from(subject.buffer, subject.byteOffset, subject.byteLength).toString('utf8'));
    }
    if (typeof subject === 'string') {
      const text = subject.replace(/^\uFEFF/, '').trim();
      if (isSvg(text)) {
        if (readSvgCredential(text) !== undefined) return undefined;
        const baked = readSvgAssertion(text);
        return baked === undefined ? undefined : bakedText(baked, 'svg');
      }
      return assertionText(text, 'json');
    }
    return isOb2Assertion(subject) ? { format: 'json', assertion: subject } : undefined;
  } catch {
    return undefined;
  }
}

/** What an OB 2.0 image carries: the assertion's URL, its JSON, or its JWS. */
function bakedText(text: string, format: 'png' | 'svg'): Ob2Input | undefined {
  const trimmed = text.trim();
  if (/^https?:\/\/\S+$/i.test(trimmed)) return { format, url: trimmed };
  const read = assertionText(trimmed, format);
  return read && { ...read, format };
}

function assertionText(text: string, format: InputFormat): Ob2Input | undefined {
  if (COMPACT_JWS.test(text)) {
    const payload = jwsPayload(text);
    return isOb2Assertion(payload) ? { format: 'jwt', assertion: payload, jws: text } : undefined;
  }
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isOb2Assertion(value) ? { format, assertion: value } : undefined;
  } catch {
    return undefined;
  }
}

// ——— Well-formedness ———

const isUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\/\S+$/i.test(value);
const isIri = (value: unknown): value is string => typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
const isDate = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** `hosted` or `signed` (the 2.0 names; `HostedBadge` / `SignedBadge` as older issuers wrote them), or undefined. */
export function verificationType(assertion: JsonRecord): 'hosted' | 'signed' | undefined {
  const verification = assertion.verification;
  const type = isRecord(verification) ? asArray(verification.type)[0] : undefined;
  if (type === 'hosted' || type === 'HostedBadge') return 'hosted';
  if (type === 'signed' || type === 'SignedBadge') return 'signed';
  return undefined;
}

/** OB 2.0 "well-formed": the required properties of an Assertion, with values of the right kind. */
export function assertionProblems(assertion: JsonRecord): Ob2Problem[] {
  const problems: Ob2Problem[] = [];
  const need = (ok: boolean, present: boolean, path: string) => {
    if (!present) problems.push({ code: 'ob2.required', path });
    else if (!ok) problems.push({ code: 'ob2.invalid_value', path });
  };
  need(true, assertion['@context'] !== undefined, '@context');
  need(asArray(assertion.type).includes('Assertion'), assertion.type !== undefined, 'type');
  need(isIri(assertion.id), assertion.id !== undefined, 'id');
  const recipient = assertion.recipient;
  need(isRecord(recipient) && typeof recipient.identity === 'string' && typeof recipient.type === 'string', recipient !== undefined, 'recipient');
  need(isUrl(assertion.badge) || (isRecord(assertion.badge) && isIri(assertion.badge.id)), assertion.badge !== undefined, 'badge');
  need(isRecord(assertion.verification), assertion.verification !== undefined, 'verification');
  need(isDate(assertion.issuedOn), assertion.issuedOn !== undefined, 'issuedOn');
  if (assertion.expires !== undefined) need(isDate(assertion.expires), true, 'expires');
  if (isRecord(assertion.verification) && !verificationType(assertion)) problems.push({ code: 'ob2.verification_type', path: 'verification.type' });
  if (verificationType(assertion) === 'hosted' && assertion.id !== undefined && !isUrl(assertion.id)) problems.push({ code: 'ob2.invalid_value', path: 'id' });
  return problems;
}

/** A BadgeClass: type, id, name, description, image, criteria, issuer. */
export function badgeClassProblems(badge: JsonRecord): Ob2Problem[] {
  const problems: Ob2Problem[] = [];
  if (!asArray(badge.type).includes('BadgeClass')) problems.push({ code: 'ob2.badge_invalid', path: 'badge.type' });
  for (const key of ['id', 'name', 'description', 'image', 'criteria', 'issuer'] as const)
    if (badge[key] === undefined || badge[key] === '') problems.push({ code: 'ob2.badge_invalid', path: `badge.${key}` });
  return problems;
}

/** An Issuer Profile: type Issuer (or Profile), a web id (where it publishes itself), name. */
export function issuerProblems(issuer: JsonRecord): Ob2Problem[] {
  const problems: Ob2Problem[] = [];
  const types = asArray(issuer.type);
  if (!types.includes('Issuer') && !types.includes('Profile')) problems.push({ code: 'ob2.issuer_invalid', path: 'issuer.type' });
  if (!isUrl(issuer.id)) problems.push({ code: 'ob2.issuer_invalid', path: 'issuer.id' });
  if (typeof issuer.name !== 'string' || issuer.name.trim() === '') problems.push({ code: 'ob2.issuer_invalid', path: 'issuer.name' });
  return problems;
}

// ——— Hosted verification ———

/** JSON with object keys sorted: two documents are the same when this is. */
/** Deeper than this, two assertions are not compared (no real assertion nests so deep). */
const MAX_COMPARED_DEPTH = 64;

/** A canonical text of a JSON value, or undefined when it nests deeper than MAX_COMPARED_DEPTH. */
function canonical(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_COMPARED_DEPTH) return undefined;
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = canonical(item, depth + 1);
      if (text === undefined) return undefined;
      parts.push(text);
    }
    return `[${parts.join(',')}]`;
  }
  if (isRecord(value)) {
    for (const key of Object.keys(value).sort()) {
      if (value[key] === undefined) continue;
      const text = canonical(value[key], depth + 1);
      if (text === undefined) return undefined;
      parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The assertion given is the one its issuer hosts at its id (same properties, same values, in any order). */
export function sameAssertion(given: JsonRecord, hosted: JsonRecord): boolean {
  const text = canonical(given);
  return text !== undefined && text === canonical(hosted);
}

/**
 * The issuer's verification policy for a hosted assertion: its `verification.startsWith` prefixes,
 * or its `allowedOrigins` hosts, or by default the origin of the issuer's id.
 */
export function hostedAllowed(assertionId: string, issuer: JsonRecord): boolean {
  let url: URL;
  try {
    url = new URL(assertionId);
  } catch {
    return false;
  }
  // The id is compared as it is fetched: one that normalises to another URL (`..` segments, a
  // host in capitals…) could pass a prefix that the address actually fetched does not.
  if (url.href !== assertionId) return false;
  const policy = asArray(issuer.verification).find(isRecord);
  const startsWith = asArray(policy?.startsWith).filter((s): s is string => typeof s === 'string');
  const allowedOrigins = asArray(policy?.allowedOrigins).filter((s): s is string => typeof s === 'string');
  if (startsWith.length > 0 && !startsWith.some((prefix) => assertionId.startsWith(prefix))) return false;
  if (allowedOrigins.length > 0) return allowedOrigins.some((origin) => origin.toLowerCase() === url.host.toLowerCase() || origin.toLowerCase() === url.hostname.toLowerCase());
  if (startsWith.length > 0) return true;
  try {
    return new URL(String(issuer.id)).origin === url.origin;
  } catch {
    return false;
  }
}

// ——— The recipient ———

/**
 * OB 2.0 "recipient": the assertion's IdentityObject names one of `candidates` — compared as is
 * (e-mail addresses case-insensitively) or, when hashed (`sha256$…` or `md5$…`), hashed with its salt.
 */
export function ob2RecipientMatches(recipient: unknown, candidates: readonly string[]): boolean {
  if (!isRecord(recipient) || typeof recipient.identity !== 'string') return false;
  const identity = recipient.identity.trim();
  const salt = typeof recipient.salt === 'string' ? recipient.salt : '';
  const hashed = /^(sha256|md5)\$([0-9a-f]+)$/i.exec(identity);
  const email = recipient.type === 'email';
  return candidates.some((candidate) => {
    const values = [...new Set([candidate, candidate.trim(), ...(email ? [candidate.trim().toLowerCase()] : [])])];
    if (hashed && (recipient.hashed === true || recipient.hashed === undefined)) {
      const algorithm = hashed[1]!.toLowerCase();
      return values.some((value) => createHash(algorithm).update(value + salt, 'utf8').digest('hex') === hashed[2]!.toLowerCase());
    }
    if (recipient.hashed === true) return false;
    return email ? values.some((value) => value.toLowerCase() === identity.toLowerCase()) : values.includes(identity);
  });
}

// ——— Signed assertions: keys and revocation lists ———

/** The ids of the issuer's published keys (`publicKey`: URLs or embedded CryptographicKeys). */
export function issuerKeyIds(issuer: JsonRecord): string[] {
  return asArray(issuer.publicKey)
    .map((key) => (typeof key === 'string' ? key : isRecord(key) && typeof key.id === 'string' ? key.id : undefined))
    .filter((id): id is string => id !== undefined);
}

/** True when a RevocationList lists the assertion (by id, or by uid). */
export function revokedInList(list: JsonRecord, assertion: JsonRecord): boolean {
  return asArray(list.revokedAssertions).some((entry) => {
    if (typeof entry === 'string') return entry === assertion.id || (assertion.uid !== undefined && entry === assertion.uid);
    if (!isRecord(entry)) return false;
    return (entry.id !== undefined && entry.id === assertion.id) || (entry.uid !== undefined && entry.uid === assertion.uid);
  });
}

/** `expires` passed (or not) at `now`. */
export function expiredAt(assertion: JsonRecord, now: Date): boolean {
  return typeof assertion.expires === 'string' && Date.parse(assertion.expires) <= now.getTime();
}
