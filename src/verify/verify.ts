// The verifier's domain: what a person hands in, the report of a verification (codes, not words),
// its verdict, the summary of the credential shown to people, and the pure rules about URLs (which
// are ours, which look like JSON-LD contexts).
import {
  asArray,
  didWeb,
  isRecord,
  type CheckId,
  type InputFormat,
  type JsonRecord,
  type KnownRecipient,
  type ProblemCode,
  type VerificationResult,
} from '../credentials';
import { SLUG_PATTERN } from '../organizations/organizations';
import type { Ob2CheckId, Ob2Code } from './ob2';

/** Input problems found by the verifier itself, before the credentials library sees anything. */
export const INPUT_CODES = [
  'input.empty',
  'input.url_invalid',
  'input.url_refused',
  'input.url_not_found',
  'input.url_unreachable',
  'input.url_too_large',
  'input.url_unsupported_type',
  'input.file_unreadable',
] as const;
export type InputCode = (typeof INPUT_CODES)[number];
export type ReportCode = ProblemCode | InputCode | Ob2Code;

/** What a person hands to the verifier. */
export type VerifyInput =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'text'; text: string }
  | { kind: 'object'; value: JsonRecord }
  | { kind: 'url'; url: string };

export interface ReportProblem {
  code: ReportCode;
  path?: string;
  detail?: string;
}

/** An OB 3.0 check, or an OB 2.0 one (ob2.ts). */
export type ReportCheckId = CheckId | Ob2CheckId;

export interface ReportCheck {
  id: ReportCheckId;
  passed: boolean;
  /** The check could not run: the input could not be read as a credential. */
  skipped: boolean;
  problems: ReportProblem[];
}

export type Verdict = 'valid' | 'revoked' | 'suspended' | 'expired' | 'not_yet_valid' | 'not_authentic' | 'invalid' | 'unusable';

export interface CredentialSummary {
  id?: string;
  name?: string;
  description?: string;
  issuer: { id?: string; name?: string };
  achievement: { id?: string; name?: string; achievementType?: string };
  validFrom?: string;
  validUntil?: string;
  awardedDate?: string;
  /** The badge's image (an OB 2.0 BadgeClass's `image`), when it is a URL. */
  image?: string;
  /** How the holder is named: their id (a DID, a URL) and/or identity objects — never the salt or the hash. */
  recipient: { id?: string; identifiers: Array<{ identityType: string; hashed: boolean }> };
  endorsements: { count: number; valid: number; items: EndorsementSummary[] };
}

/** One endorsement: embedded in the credential, or published with the badge (its Achievement document, on this platform). */
export interface EndorsementSummary {
  issuer: { id?: string; name?: string };
  comment?: string;
  valid: boolean;
  source: EndorsementSource;
}

/** Embedded in the credential; published with its badge; or shown with it by its earner (open recognition). */
export type EndorsementSource = 'credential' | 'badge' | 'earner';

export interface PublishedEndorsement {
  result: VerificationResult;
  source: Exclude<EndorsementSource, 'credential'>;
}

/** The outcome of one verification, in codes (translated when shown: see present.ts). */
export interface VerifyReport {
  valid: boolean;
  verdict: Verdict;
  format?: InputFormat;
  /** '2.0' for an Open Badges 2.0 assertion (absent: Open Badges 3.0). */
  version?: '2.0';
  /** The URL the credential was read from, for `{ url }` inputs. */
  source?: { url: string };
  checks: ReportCheck[];
  warnings: ReportProblem[];
  credential?: CredentialSummary;
  signer?: { verificationMethod: string; controller?: string };
}

const MAX_TEXT = 500;

/** The report of a verification the library ran. */
export function reportOf(result: VerificationResult, source?: { url: string }, published: readonly PublishedEndorsement[] = []): VerifyReport {
  const checks = result.checks.map((c) => ({
    id: c.id,
    passed: c.passed,
    skipped: c.skipped === true,
    problems: c.problems.map(toReportProblem),
  }));
  const report: VerifyReport = {
    valid: result.valid,
    verdict: verdictOf(checks),
    checks,
    warnings: result.warnings.map(toReportProblem),
  };
  if (result.format) report.format = result.format;
  if (source) report.source = source;
  const readable = !checks.some((c) => c.skipped);
  if (result.credential && readable) report.credential = summarize(result.credential, result.endorsements ?? [], published);
  if (result.signer) report.signer = { ...result.signer };
  return report;
}

/** The report of an input that never reached the library (an unusable URL, an empty form). */
export function unusableReport(code: InputCode | 'input.verifier_error', detail?: string, source?: { url: string }): VerifyReport {
  const failure: ReportProblem = detail === undefined ? { code } : { code, detail };
  const checks: ReportCheck[] = (['schema', 'subject', 'proof', 'status', 'validity', 'endorsements'] as const).map((id) =>
    id === 'schema' ? { id, passed: false, skipped: false, problems: [failure] } : { id, passed: false, skipped: true, problems: [] },
  );
  return { valid: false, verdict: 'unusable', checks, warnings: [], ...(source ? { source } : {}) };
}

function toReportProblem(p: { code: ProblemCode; path?: string; detail?: string }): ReportProblem {
  const out: ReportProblem = { code: p.code };
  if (p.path !== undefined) out.path = p.path;
  if (p.detail !== undefined) out.detail = p.detail.slice(0, MAX_TEXT);
  return out;
}

/** The checks saying the badge comes unaltered from its issuer: OB 3.0's proof, OB 2.0's hosted copy or signature. */
export const AUTHENTICITY_CHECKS: ReadonlySet<ReportCheckId> = new Set(['proof', 'hosted', 'signature']);
/** What could not be obtained (an OB 2.0 hosted assertion, a key) says nothing of authenticity: invalid, not forged. */
const UNREACHABLE: ReadonlySet<ReportCode> = new Set(['ob2.hosted_unavailable', 'ob2.key_unavailable']);

/**
 * The one sentence a person reads first. A failed signature outranks everything (nothing else in a
 * forged badge can be trusted); then revocation, suspension, the validity period, other failures.
 */
export function verdictOf(checks: readonly ReportCheck[]): Verdict {
  if (checks.some((c) => c.skipped)) return 'unusable';
  if (checks.every((c) => c.passed)) return 'valid';
  if (checks.some((c) => AUTHENTICITY_CHECKS.has(c.id) && !c.passed && !c.problems.every((p) => UNREACHABLE.has(p.code)))) return 'not_authentic';
  const has = (code: ReportCode) => checks.some((c) => !c.passed && c.problems.some((p) => p.code === code));
  if (has('status.revoked')) return 'revoked';
  if (has('status.suspended')) return 'suspended';
  if (has('validity.expired')) return 'expired';
  if (has('validity.not_yet_valid')) return 'not_yet_valid';
  return 'invalid';
}

/** The first problem of the first failed check: the reason given in the verdict. */
export function firstProblem(report: Pick<VerifyReport, 'checks'>): ReportProblem | undefined {
  return report.checks.find((c) => !c.passed && !c.skipped && c.problems.length > 0)?.problems[0];
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_TEXT);
}

/** What pages and integrators show of a credential, read defensively (nothing in it is trusted to have a shape). */
export function summarize(credential: JsonRecord, endorsements: readonly VerificationResult[] = [], published: readonly PublishedEndorsement[] = []): CredentialSummary {
  const subject = asArray(credential.credentialSubject).find(isRecord) ?? {};
  const achievement = isRecord(subject.achievement) ? subject.achievement : {};
  const issuer = credential.issuer;
  const summary: CredentialSummary = {
    issuer: isRecord(issuer) ? strip({ id: text(issuer.id), name: text(issuer.name) }) : strip({ id: text(issuer) }),
    achievement: strip({ id: text(achievement.id), name: text(achievement.name), achievementType: text(achievement.achievementType) }),
    recipient: {
      ...strip({ id: text(subject.id) }),
      identifiers: asArray(subject.identifier)
        .filter(isRecord)
        .map((identifier) => ({ identityType: text(identifier.identityType) ?? 'unknown', hashed: identifier.hashed === true })),
    },
    endorsements: {
      count: endorsements.length + published.length,
      valid: [...endorsements, ...published.map((p) => p.result)].filter((e) => e.valid).length,
      items: [...endorsements.map((e) => endorsementSummary(e, 'credential')), ...published.map((p) => endorsementSummary(p.result, p.source))],
    },
  };
  return {
    ...strip({
      id: text(credential.id),
      name: text(credential.name) ?? text(achievement.name),
      description: text(credential.description),
      validFrom: text(credential.validFrom) ?? text(credential.issuanceDate),
      validUntil: text(credential.validUntil) ?? text(credential.expirationDate),
      awardedDate: text(credential.awardedDate),
    }),
    ...summary,
  };
}

function endorsementSummary(result: VerificationResult, source: EndorsementSummary['source']): EndorsementSummary {
  const credential = result.credential ?? {};
  const issuer = credential.issuer;
  const subject = asArray(credential.credentialSubject).find(isRecord) ?? {};
  const comment = text(subject.endorsementComment);
  return {
    issuer: isRecord(issuer) ? strip({ id: text(issuer.id), name: text(issuer.name) }) : strip({ id: text(issuer) }),
    ...(comment ? { comment } : {}),
    valid: result.valid,
    source,
  };
}

/** Drops undefined properties (the API answers plain JSON). */
export function strip<T extends Record<string, string | undefined>>(value: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };
}

/** A recipient given by a verifier: an e-mail address (compared with hashed identities) or an id (DID, URL). */
export function parseRecipient(value: string | undefined): KnownRecipient | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^[^\s@:/]+@[^\s@]+$/.test(trimmed)) return { identityType: 'emailAddress', value: trimmed };
  return { id: trimmed };
}

// ——— URLs ———

/** did:web DIDs are compared with their host lower-cased and its percent-escapes upper-cased. */
function normalizeDidWeb(did: string): string {
  const parts = did.split(':');
  if (parts.length < 3 || parts[0] !== 'did' || parts[1] !== 'web') return did;
  parts[2] = parts[2]!.toLowerCase().replace(/%[0-9a-f]{2}/g, (escape) => escape.toUpperCase());
  return parts.join(':');
}

/** True for a did:web DID of this platform's host, or an http(s) URL under BASE_URL: never fetched outbound. */
export function isOwnUrl(baseUrl: string, url: string): boolean {
  if (url.startsWith('did:web:')) {
    const prefix = didWeb(baseUrl);
    const did = normalizeDidWeb(url.split('#')[0]!);
    return did === prefix || did.startsWith(`${prefix}:`);
  }
  return ownPath(baseUrl, url) !== undefined;
}

/** The path (with its query) of an http(s) URL under BASE_URL, or undefined for any other URL. */
export function ownPath(baseUrl: string, url: string): string | undefined {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url);
    base = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (parsed.origin !== base.origin) return undefined;
  const prefix = base.pathname.replace(/\/+$/, '');
  if (prefix !== '' && parsed.pathname !== prefix && !parsed.pathname.startsWith(`${prefix}/`)) return undefined;
  return `${parsed.pathname}${parsed.search}`;
}

/** The organisation slug of `did:web:<our host>:organizations:<slug>` or `<BASE_URL>/organizations/<slug>/did.json`. */
export function organizationSlugOf(baseUrl: string, url: string): string | undefined {
  let slug: string | undefined;
  if (url.startsWith('did:web:')) {
    const prefix = `${didWeb(baseUrl, 'organizations')}:`;
    const did = normalizeDidWeb(url);
    if (did.startsWith(prefix)) slug = did.slice(prefix.length);
  } else {
    const path = ownPath(baseUrl, url);
    const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
    const match = path === undefined ? null : /^\/organizations\/([^/?#]+)\/did\.json$/.exec(path.slice(prefix.length));
    if (match) slug = decodeURIComponent(match[1]!);
  }
  return slug !== undefined && SLUG_PATTERN.test(slug) ? slug : undefined;
}

/** Hosts that publish JSON-LD contexts and vocabularies, never issuers' documents. */
const CONTEXT_HOSTS = new Set(['www.w3.org', 'w3.org', 'w3id.org', 'purl.imsglobal.org', 'schema.org', 'www.schema.org', 'imsglobal.org']);

/** URLs that are (or look like) JSON-LD contexts: the verifier never fetches those. */
export function looksLikeContext(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (CONTEXT_HOSTS.has(parsed.hostname.toLowerCase())) return true;
    return /(\.jsonld$|\/contexts?(\/|\.json$|$)|\/context[-\w.]*\.json$)/i.test(parsed.pathname);
  } catch {
    return false;
  }
}

/** Every string found under any `@context` of a document (a term's scoped context included). */
export function contextUrlsOf(node: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > 32) return found;
  if (Array.isArray(node)) {
    for (const item of node) contextUrlsOf(item, found, depth + 1);
  } else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '@context') collectStrings(value, found, depth + 1);
      else contextUrlsOf(value, found, depth + 1);
    }
  }
  return found;
}

function collectStrings(node: unknown, found: Set<string>, depth: number): void {
  if (depth > 32) return;
  if (typeof node === 'string') found.add(node);
  else if (Array.isArray(node)) for (const item of node) collectStrings(item, found, depth + 1);
  else if (isRecord(node)) for (const value of Object.values(node)) collectStrings(value, found, depth + 1);
}
