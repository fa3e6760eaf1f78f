// The W3C VC API, the pure part: which paths it has, what an unsigned credential handed to
// `POST /credentials/issue` must look like, its issuer (the token's organisation), and the answer of
// `POST /credentials/verify` made from our verifier's report.
import type { FieldErrors } from '../errors';
import type { MessageKey } from '../i18n';

export const VC_API_ISSUE = '/credentials/issue';
export const VC_API_VERIFY = '/credentials/verify';

/**
 * Requests allowed per minute, more answered 429 with Retry-After: issuing per organisation token
 * (per client address for requests without one), verifying per client address (it may fetch
 * issuers' documents).
 */
export const VC_API_RATE_LIMITS = {
  issue: { max: 120, timeWindow: '1 minute', keyGenerator: (request: { ip: string; orgToken?: { tokenId: string } | null }) => (request.orgToken ? `org-token:${request.orgToken.tokenId}` : request.ip) },
  verify: { max: 60, timeWindow: '1 minute' },
} as const;

/** Whether a request URL is one of the VC API's (JSON in and out, bearer tokens, no CSRF cookie). */
export function isVcApiPath(url: string): boolean {
  const path = url.split('?')[0];
  return path === VC_API_ISSUE || path === VC_API_VERIFY;
}

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const OB_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'];

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether a credential says it is an Open Badges one (its schema and subject rules then apply). */
export function isOpenBadge(credential: unknown): boolean {
  return isRecord(credential) && [credential.type].flat().some((t) => typeof t === 'string' && OB_TYPES.includes(t));
}

/**
 * What is wrong with an unsigned credential (VC Data Model 2.0), field by field: the W3C suites
 * expect a 400 for each of these. Contexts and terms are checked again when signing (JSON-LD).
 */
export function credentialProblems(credential: unknown): FieldErrors {
  const problems: FieldErrors = {};
  const add = (path: string, key: MessageKey) => {
    problems[`credential${path ? `.${path}` : ''}`] ??= { key };
  };
  if (!isRecord(credential)) {
    add('', 'vcapi.credential.required');
    return problems;
  }
  const context = credential['@context'];
  if (!Array.isArray(context) || context.length === 0 || !context.every((c) => typeof c === 'string' || isRecord(c))) add('@context', 'vcapi.credential.context');
  else if (context[0] !== VC_V2_CONTEXT) add('@context', 'vcapi.credential.contextV2');
  const type = credential.type;
  if (!Array.isArray(type) || !type.every((t) => typeof t === 'string') || !type.includes('VerifiableCredential')) add('type', 'vcapi.credential.type');
  if (credential.id !== undefined && (typeof credential.id !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(credential.id))) add('id', 'vcapi.credential.id');
  const issuer = credential.issuer;
  if (issuer !== undefined && typeof issuer !== 'string' && !(isRecord(issuer) && (issuer.id === undefined || typeof issuer.id === 'string'))) add('issuer', 'vcapi.credential.issuer');
  const subjects = [credential.credentialSubject].flat();
  if (credential.credentialSubject === undefined || subjects.length === 0 || !subjects.every((s) => isRecord(s) && Object.keys(s).length > 0))
    add('credentialSubject', 'vcapi.credential.subject');
  for (const key of ['validFrom', 'validUntil'])
    if (credential[key] !== undefined && (typeof credential[key] !== 'string' || !DATE_TIME.test(credential[key]) || Number.isNaN(Date.parse(credential[key]))))
      add(key, 'vcapi.credential.date');
  if (credential.proof !== undefined) add('proof', 'vcapi.credential.proof');
  return problems;
}

/**
 * The credential with its issuer set to the organisation: filled in when absent (the issuer
 * Profile for an Open Badge, the DID otherwise), kept when it names the organisation; null when it
 * names another issuer.
 */
export function withIssuer(credential: Json, issuer: { id: string; name: string; url: string }): Json | null {
  const given = credential.issuer;
  if (given === undefined)
    return { ...credential, issuer: isOpenBadge(credential) ? { id: issuer.id, type: ['Profile'], name: issuer.name, url: issuer.url } : issuer.id };
  if (typeof given === 'string') return given === issuer.id ? credential : null;
  if (isRecord(given)) {
    if (given.id === undefined) return { ...credential, issuer: { id: issuer.id, ...given } };
    return given.id === issuer.id ? credential : null;
  }
  return null;
}

/** The verifier's report as the API presents it (see verify.api.ts). */
export interface PresentedReport {
  valid: boolean;
  checks: { id: string; passed: boolean; skipped: boolean; message: string; problems: { code: string; message: string; path?: string | undefined }[] }[];
  warnings: { code: string; message: string; path?: string | undefined }[];
}

export interface VcApiProblem {
  code: string;
  message: string;
  check?: string;
  path?: string;
}

/** The VC API's verification answer: `verified`, the checks that passed, warnings and errors. */
export interface VcApiVerification {
  verified: boolean;
  checks: string[];
  warnings: VcApiProblem[];
  errors: VcApiProblem[];
}

/**
 * Checks of the Open Badges profile (its contexts, types, issuer Profile, subject, endorsements): a
 * plain VC is not held to them, their problems are warnings for it. The proof, status and validity
 * period are every credential's.
 */
const OB_CHECKS = new Set(['schema', 'subject', 'endorsements']);

/** `openBadge`: whether the Open Badges checks count (an Open Badge, or something that could not be read). */
export function vcApiVerification(report: PresentedReport, openBadge: boolean): VcApiVerification {
  const result: VcApiVerification = { verified: true, checks: [], warnings: report.warnings.map((w) => problemOf(w)), errors: [] };
  for (const check of report.checks) {
    if (check.skipped) continue;
    if (check.passed) {
      result.checks.push(check.id);
      continue;
    }
    const lenient = !openBadge && OB_CHECKS.has(check.id);
    const problems = check.problems.length ? check.problems : [{ code: check.id, message: check.message }];
    for (const p of problems) {
      if (lenient) result.warnings.push(problemOf(p, check.id));
      else result.errors.push(problemOf(p, check.id));
    }
  }
  result.verified = result.errors.length === 0 && report.checks.some((c) => c.id === 'proof' && c.passed);
  return result;
}

function problemOf(p: { code: string; message: string; path?: string | undefined }, check?: string): VcApiProblem {
  return { code: p.code, message: p.message, ...(check ? { check } : {}), ...(p.path ? { path: p.path } : {}) };
}
