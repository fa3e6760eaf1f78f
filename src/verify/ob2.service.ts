// Verifying an Open Badges 2.0 assertion, in the order of OB 2.0 verification: well-formed; for a
// hosted one, the copy at its id is the one given (and says whether it was revoked); its BadgeClass
// and Issuer (fetched, or embedded) well-formed; the issuer's verification policy; for a signed
// one, the JWS signature by a key of the issuer; the recipient; revocation; expiry. Documents are
// plain JSON: this platform's answered in-process, others through the guarded outbound fetcher.
import { compactVerify, decodeProtectedHeader, importSPKI } from 'jose';
import { asArray, isRecord, type JsonRecord } from '../credentials';
import type { Deps } from '../platform/deps';
import {
  assertionProblems,
  badgeClassProblems,
  expiredAt,
  hostedAllowed,
  issuerKeyIds,
  issuerProblems,
  ob2RecipientMatches,
  revokedInList,
  sameAssertion,
  verificationType,
  type Ob2CheckId,
  type Ob2Input,
  type Ob2Problem,
} from './ob2';
import { localDocument } from './resolver';
import { isOwnUrl, strip, unusableReport, verdictOf, type CredentialSummary, type ReportCheck, type VerifyReport } from './verify';
import type { ReadCredential, VerifyServices } from './verify.service';

export interface Ob2Options {
  /** Addresses the assertion must be awarded to (any of them): the importing person's verified e-mails. */
  recipients?: readonly string[] | undefined;
  /** Time allowed for all the documents one verification fetches (OB2_FETCH_BUDGET_MS by default). */
  fetchBudgetMs?: number | undefined;
  /** Fail the recipient check when `recipients` is empty (imports), instead of skipping it. */
  requireRecipient?: boolean | undefined;
  source?: { url: string } | undefined;
}

/** Signature algorithms accepted for a signed assertion's JWS. */
const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA']);

const isWebUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\//i.test(value);

type Got = { ok: true; document: JsonRecord } | { ok: false; gone: boolean; detail: string };

/** The JSON documents of one verification, each asked for once. */
/**
 * One verification asks for a handful of documents one after the other (the assertion, its hosted
 * copy, badge class, issuer, keys, revocation list), each with the fetcher's own timeout: past this
 * budget in all, no more is asked and what is missing is reported as unavailable.
 */
export const OB2_FETCH_BUDGET_MS = 15_000;

function documentGetter(deps: Deps, services: VerifyServices, budgetMs: number): (url: string) => Promise<Got> {
  const answers = new Map<string, Promise<Got>>();
  const deadline = performance.now() + budgetMs;
  async function get(url: string): Promise<Got> {
    if (!isWebUrl(url)) return { ok: false, gone: false, detail: `${url} is not a web address` };
    if (performance.now() >= deadline) return { ok: false, gone: false, detail: `${url} was not asked for: the issuer's documents took more than ${budgetMs / 1000} s in all` };
    if (isOwnUrl(deps.config.baseUrl, url)) {
      const local = await localDocument(deps, services.providers, url);
      return isRecord(local) ? { ok: true, document: local } : { ok: false, gone: false, detail: `${url} is not found` };
    }
    const outcome = await services.fetcher.get(url, 'document');
    if (!outcome.ok) return { ok: false, gone: outcome.status === 410, detail: outcome.detail };
    try {
      const document: unknown = JSON.parse(Buffer.from(outcome.body).toString('utf8'));
      return isRecord(document) ? { ok: true, document } : { ok: false, gone: false, detail: `${url} is not a JSON object` };
    } catch {
      return { ok: false, gone: false, detail: `${url} is not JSON` };
    }
  }
  return (url) => {
    let answer = answers.get(url);
    if (!answer) answers.set(url, (answer = get(url)));
    return answer;
  };
}

/**
 * The document at a URL, or an embedded object — but an embedded object with a web id is read
 * from its id (what the badge or issuer says of itself there, its keys and verification policy
 * included, is the issuer's word; an embedded copy is only the holder's) — unless it comes from
 * a document read from its issuer (`embeddedTrusted`).
 */
async function objectOrFetched(value: unknown, get: (url: string) => Promise<Got>, embeddedTrusted = false): Promise<Got> {
  if (isRecord(value)) return !embeddedTrusted && isWebUrl(value.id) ? get(value.id) : { ok: true, document: value };
  if (typeof value === 'string') return get(value);
  return { ok: false, gone: false, detail: 'missing' };
}

/** The BadgeClass (or Issuer) named by an assertion (or a badge class): read, its id and its shape checked. */
async function linkedDocument(value: unknown, get: (url: string) => Promise<Got>, what: 'badge' | 'issuer', problems: Ob2Problem[]): Promise<JsonRecord | undefined> {
  const got = await objectOrFetched(value, get);
  if (!got.ok) {
    problems.push({ code: `ob2.${what}_unavailable`, detail: got.detail });
    return undefined;
  }
  const id = isRecord(value) ? value.id : value;
  if (isWebUrl(id) && got.document.id !== id) problems.push({ code: `ob2.${what}_invalid`, path: `${what}.id`, detail: String(got.document.id) });
  problems.push(...(what === 'badge' ? badgeClassProblems : issuerProblems)(got.document));
  return got.document;
}

/** Verifies an OB 2.0 assertion; never throws for bad input. */
export async function verifyOb2(deps: Deps, services: VerifyServices, input: Ob2Input, options: Ob2Options = {}): Promise<{ report: VerifyReport; read?: ReadCredential }> {
  try {
    return await verifyOb2Checks(deps, services, input, options);
  } catch (error) {
    // Each check reports its own failures; this only keeps the promise of never throwing.
    return { report: { ...unusableReport('input.verifier_error', error instanceof Error ? error.message : String(error), options.source), version: '2.0' } };
  }
}

async function verifyOb2Checks(deps: Deps, services: VerifyServices, input: Ob2Input, options: Ob2Options): Promise<{ report: VerifyReport; read?: ReadCredential }> {
  const get = documentGetter(deps, services, options.fetchBudgetMs ?? OB2_FETCH_BUDGET_MS);
  const now = deps.clock.now();
  let source = options.source;
  let given = input.assertion;
  let hosted: Got | undefined;
  if (!given && input.url) {
    hosted = await get(input.url);
    source = { url: input.url };
    if (!hosted.ok && !hosted.gone) return { report: { ...unusableReport('input.url_not_found', hosted.detail, source), version: '2.0' } };
    given = hosted.ok ? hosted.document : { id: input.url, revoked: true };
  }
  if (!given) return { report: { ...unusableReport('input.url_not_found'), version: '2.0' } };

  const checks: ReportCheck[] = [];
  const add = (id: Ob2CheckId, problems: Ob2Problem[]) => checks.push({ id, passed: problems.length === 0, skipped: false, problems });
  const kind = verificationType(given) ?? (input.jws ? 'signed' : 'hosted');
  let revoked = given.revoked === true;

  // 1. Well-formed.
  add('assertion', revoked && !input.assertion ? [] : assertionProblems(given));

  // 2. Hosted: the assertion at its id is the one given.
  let assertion = given;
  if (kind === 'hosted') {
    const problems: Ob2Problem[] = [];
    const id = typeof given.id === 'string' ? given.id : undefined;
    const at = id === undefined ? undefined : id === input.url && hosted ? hosted : await get(id);
    if (!at) problems.push({ code: 'ob2.required', path: 'id' });
    else if (!at.ok && at.gone) revoked = true;
    else if (!at.ok) problems.push({ code: 'ob2.hosted_unavailable', detail: at.detail });
    else if (at.document.revoked === true) revoked = true;
    else if (at.document.id !== id || !sameAssertion(given, at.document)) problems.push({ code: 'ob2.hosted_mismatch', path: 'id', ...(id ? { detail: id } : {}) });
    else assertion = at.document;
    add('hosted', problems);
  }

  // 3. Its BadgeClass and Issuer.
  const badgeProblems: Ob2Problem[] = [];
  const badge = await linkedDocument(assertion.badge, get, 'badge', badgeProblems);
  const issuer = badge && (await linkedDocument(badge.issuer, get, 'issuer', badgeProblems));
  add('badge', badgeProblems);

  // 4. The issuer's verification policy; 5. the signature of a signed assertion.
  let key: JsonRecord | undefined;
  if (kind === 'signed') {
    const signature = await checkSignature(input.jws, assertion, issuer, get);
    key = signature.key;
    add('policy', issuer ? signedPolicy(assertion, issuer, key) : [{ code: 'ob2.issuer_unavailable' }]);
    add('signature', signature.problems);
  } else {
    const id = typeof assertion.id === 'string' ? assertion.id : '';
    add('policy', !issuer ? [{ code: 'ob2.issuer_unavailable' }] : hostedAllowed(id, issuer) ? [] : [{ code: 'ob2.origin_not_allowed', path: 'id', detail: id }]);
  }

  // 6. The recipient.
  const recipients = options.recipients ?? [];
  const recipientProblems: Ob2Problem[] = [];
  if (!isRecord(assertion.recipient) || typeof assertion.recipient.identity !== 'string') recipientProblems.push({ code: 'ob2.recipient_missing', path: 'recipient' });
  else if (recipients.length === 0 && options.requireRecipient === true) recipientProblems.push({ code: 'subject.recipient_unknown', path: 'recipient' });
  else if (recipients.length > 0 && !ob2RecipientMatches(assertion.recipient, recipients)) recipientProblems.push({ code: 'subject.recipient_mismatch', path: 'recipient' });
  add('recipient', recipientProblems);

  // 7. Revocation: the hosted copy says so, or the issuer's revocation list names it.
  const revocationProblems: Ob2Problem[] = [];
  if (!revoked && kind === 'signed' && issuer && typeof issuer.revocationList === 'string') {
    const list = await get(issuer.revocationList);
    if (!list.ok) revocationProblems.push({ code: 'ob2.revocation_list_unavailable', detail: list.detail });
    else revoked = revokedInList(list.document, assertion);
  }
  if (revoked) revocationProblems.push({ code: 'status.revoked' });
  add('revocation', revocationProblems);

  // 8. Expiry.
  add('expiry', expiredAt(assertion, now) ? [{ code: 'validity.expired', path: 'expires' }] : []);

  const report: VerifyReport = {
    valid: checks.every((c) => c.passed),
    verdict: verdictOf(checks),
    format: input.format,
    version: '2.0',
    ...(source ? { source } : {}),
    checks,
    warnings: [],
    credential: summarizeOb2(assertion, badge, issuer),
    ...(key && typeof key.id === 'string' ? { signer: { verificationMethod: key.id, ...(typeof key.owner === 'string' ? { controller: key.owner } : {}) } } : {}),
  };
  return { report, read: { credential: assertion, jwt: input.jws, format: input.format } };
}

/** A signed assertion: its key (verification.creator, else one of the issuer's) is the issuer's, and the key's owner is the issuer. */
function signedPolicy(assertion: JsonRecord, issuer: JsonRecord, key: JsonRecord | undefined): Ob2Problem[] {
  const creator = isRecord(assertion.verification) ? assertion.verification.creator : undefined;
  const keyId = typeof creator === 'string' ? creator : typeof key?.id === 'string' ? key.id : undefined;
  if (keyId === undefined) return [];
  if (!issuerKeyIds(issuer).includes(keyId) || (key?.owner !== undefined && key.owner !== issuer.id)) return [{ code: 'ob2.key_not_issuer', detail: keyId }];
  return [];
}

/** The JWS's signature checked with the creator key, or with each key the issuer publishes. */
async function checkSignature(
  jws: string | undefined,
  assertion: JsonRecord,
  issuer: JsonRecord | undefined,
  get: (url: string) => Promise<Got>,
): Promise<{ problems: Ob2Problem[]; key?: JsonRecord }> {
  if (!jws) return { problems: [{ code: 'ob2.signature_missing' }] };
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(jws).alg;
  } catch {
    return { problems: [{ code: 'ob2.signature_invalid' }] };
  }
  if (!alg || !ALGORITHMS.has(alg)) return { problems: [{ code: 'ob2.alg_unsupported', detail: String(alg) }] };
  const creator = isRecord(assertion.verification) ? assertion.verification.creator : undefined;
  const candidates = typeof creator === 'string' ? [creator] : asArray(issuer?.publicKey);
  const keys: JsonRecord[] = [];
  for (const candidate of candidates.slice(0, 10)) {
    // A key embedded in the issuer's profile (read from its id) is the issuer's word.
    const got = await objectOrFetched(candidate, get, true);
    if (got.ok && typeof got.document.publicKeyPem === 'string') keys.push(typeof candidate === 'string' && got.document.id === undefined ? { ...got.document, id: candidate } : got.document);
  }
  if (keys.length === 0) return { problems: [{ code: 'ob2.key_unavailable', ...(typeof creator === 'string' ? { detail: creator } : {}) }] };
  for (const key of keys) {
    try {
      await compactVerify(jws, await importSPKI(key.publicKeyPem as string, alg));
      return { problems: [], key };
    } catch {
      // Not this key.
    }
  }
  return { problems: [{ code: 'ob2.signature_invalid' }] };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 500) : undefined);

/** What pages show of an OB 2.0 assertion, in the shape of an OB 3.0 credential's summary. */
export function summarizeOb2(assertion: JsonRecord, badge: JsonRecord | undefined, issuer: JsonRecord | undefined): CredentialSummary {
  const recipient = isRecord(assertion.recipient) ? assertion.recipient : undefined;
  const image = text(isRecord(badge?.image) ? badge.image.id : badge?.image);
  return {
    ...strip({
      id: text(assertion.id),
      name: text(badge?.name),
      description: text(badge?.description),
      validFrom: text(assertion.issuedOn),
      validUntil: text(assertion.expires),
      awardedDate: text(assertion.issuedOn),
      image: isWebUrl(image) ? image : undefined,
    }),
    issuer: strip({ id: text(issuer?.id), name: text(issuer?.name) }),
    achievement: strip({ id: text(badge?.id), name: text(badge?.name) }),
    recipient: {
      identifiers: recipient
        ? [{ identityType: recipient.type === 'email' ? 'emailAddress' : recipient.type === 'url' ? 'url' : recipient.type === 'telephone' ? 'telephone' : 'other', hashed: recipient.hashed === true }]
        : [],
    },
    endorsements: { count: 0, valid: 0, items: [] },
  };
}
