// The status check (revocation and suspension, through lists the caller's document loader serves)
// and the validity-period check (validFrom/validUntil, or issuanceDate/expirationDate, against `now`).
import crypto from 'node:crypto';
import { checkEmbeddedProof, type ProofKind } from './checks-proof';
import { describe } from './key-resolution';
import type { DocumentLoader } from './loader';
import { asArray, isRecord, issuerIdOf, keepAtMost, type JsonRecord } from './model';
import { check, problem, type CheckResult, type Problem } from './results';
import { isRevoked, isRevokedInList, readStatusListCredential } from './status-list';

export interface StatusOptions {
  documentLoader: DocumentLoader;
  now: Date;
  allowedProofs?: readonly ProofKind[];
}

/** Checks every `credentialStatus` entry; a list that cannot be obtained gives a warning, not a failure. */
export async function checkStatus(credential: JsonRecord, options: StatusOptions): Promise<{ check: CheckResult; warnings: Problem[] }> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const entries = asArray(credential.credentialStatus);
  for (const [index, entry] of entries.entries()) {
    const path = Array.isArray(credential.credentialStatus) ? `credentialStatus[${index}]` : 'credentialStatus';
    if (!isRecord(entry)) continue; // reported by the schema check
    if (entry.type === 'BitstringStatusListEntry') await checkBitstringEntry(credential, entry, path, options, problems, warnings);
    else if (entry.type === '1EdTechRevocationList') await checkRevocationList(credential, entry, path, options, problems, warnings);
    else warnings.push(problem('status.unsupported_type', `${path}.type`, String(entry.type)));
  }
  return { check: check('status', problems), warnings };
}

async function checkBitstringEntry(
  credential: JsonRecord,
  entry: JsonRecord,
  path: string,
  options: StatusOptions,
  problems: Problem[],
  warnings: Problem[],
): Promise<void> {
  const purpose = entry.statusPurpose;
  if (purpose !== 'revocation' && purpose !== 'suspension') return; // other purposes carry no validity meaning
  const index = typeof entry.statusListIndex === 'number' ? entry.statusListIndex : Number(entry.statusListIndex);
  if (!Number.isSafeInteger(index) || index < 0 || String(entry.statusListIndex).trim() === '') {
    problems.push(problem('status.index_invalid', `${path}.statusListIndex`, String(entry.statusListIndex)));
    return;
  }
  const url = entry.statusListCredential;
  if (typeof url !== 'string') {
    problems.push(problem('schema.required', `${path}.statusListCredential`));
    return;
  }
  let listCredential: JsonRecord;
  try {
    listCredential = (await options.documentLoader(url)).document;
  } catch (error) {
    warnings.push(problem('status.list_unavailable', path, describe(error)));
    return;
  }
  const listed = await readTrustedList(listCredential, credential, purpose, options);
  if (typeof listed === 'string') {
    problems.push(problem('status.list_invalid', path, `${url}: ${listed}`));
    return;
  }
  const { bits } = listed;
  if (index >= bits.length * 8) {
    problems.push(problem('status.index_invalid', `${path}.statusListIndex`, `${index} is beyond the list`));
    return;
  }
  if (isRevoked(bits, index)) problems.push(problem(purpose === 'revocation' ? 'status.revoked' : 'status.suspended', path));
}

// Many credentials share one status list (a whole bulk batch, say): a list whose exact text was
// read and whose proof verified is kept for a few minutes — as long as the fetcher keeps the
// document itself — instead of being decoded and its proof verified again for each credential.
// Only successes are kept, by the list's exact content and the key documents its proofs name as the
// caller's loader gives them; the checks that depend on the credential or the instant are redone.
const TRUSTED_LIST_TTL_MS = 5 * 60_000;
const TRUSTED_LISTS_KEPT = 100;
const trustedLists = new Map<string, { expires: number; read: ReturnType<typeof readStatusListCredential> }>();

/** The list's content when it can be trusted for this credential, or why it cannot. */
async function readTrustedList(list: JsonRecord, credential: JsonRecord, purpose: string, options: StatusOptions): Promise<ReturnType<typeof readStatusListCredential> | string> {
  const material = await keyMaterial(list, options.documentLoader);
  const key = material === undefined ? undefined : crypto.createHash('sha256').update(JSON.stringify([options.allowedProofs ?? null, list, material])).digest('base64url');
  const kept = key === undefined ? undefined : trustedLists.get(key);
  const fresh = kept !== undefined && kept.expires > Date.now();
  let read: ReturnType<typeof readStatusListCredential>;
  if (fresh) read = kept.read;
  else {
    try {
      read = readStatusListCredential(list);
    } catch (error) {
      return describe(error);
    }
  }
  if (read.statusPurpose !== purpose) return `its statusPurpose is ${read.statusPurpose}, not ${purpose}`;
  if (read.issuer !== issuerIdOf(credential)) return `it was issued by ${read.issuer ?? 'nobody'}, not by the credential's issuer`;
  const until = list.validUntil ?? list.expirationDate;
  if (typeof until === 'string' && Date.parse(until) < options.now.getTime()) return 'the list has expired';
  if (fresh) return read;
  const proof = await checkEmbeddedProof(list, { documentLoader: options.documentLoader, allowedProofs: options.allowedProofs });
  if (!proof.check.passed) return `its proof does not verify (${proof.check.code})`;
  if (key !== undefined) {
    keepAtMost(trustedLists, key, { expires: Date.now() + TRUSTED_LIST_TTL_MS, read }, TRUSTED_LISTS_KEPT);
  }
  return read;
}

/**
 * The key documents the list's proofs name, as this caller's loader gives them: part of what was
 * verified, so a kept list is reused only with the same keys (undefined: nothing to keep it by).
 */
async function keyMaterial(list: JsonRecord, loader: DocumentLoader): Promise<unknown[] | undefined> {
  const proofs = asArray(list.proof);
  if (proofs.length === 0) return undefined;
  const material: unknown[] = [];
  for (const proof of proofs) {
    if (!isRecord(proof) || typeof proof.verificationMethod !== 'string') return undefined;
    try {
      material.push((await loader(proof.verificationMethod)).document);
    } catch {
      return undefined;
    }
  }
  return material;
}

async function checkRevocationList(
  credential: JsonRecord,
  entry: JsonRecord,
  path: string,
  options: StatusOptions,
  problems: Problem[],
  warnings: Problem[],
): Promise<void> {
  const url = entry.id;
  if (typeof url !== 'string') {
    problems.push(problem('schema.required', `${path}.id`));
    return;
  }
  let list: JsonRecord;
  try {
    list = (await options.documentLoader(url)).document;
  } catch (error) {
    warnings.push(problem('status.list_unavailable', path, describe(error)));
    return;
  }
  if (!Array.isArray(list.revokedCredential) && list.revokedCredential !== undefined) {
    problems.push(problem('status.list_invalid', path, url));
    return;
  }
  if (typeof credential.id === 'string' && isRevokedInList(list, credential.id)) problems.push(problem('status.revoked', path));
}

/** validFrom / validUntil (issuanceDate / expirationDate in VC 1.1), and JWT `nbf` / `exp`, against `now`. */
export function checkValidity(credential: JsonRecord, now: Date, jwtPayload?: JsonRecord): CheckResult {
  const problems: Problem[] = [];
  const v2 = credential.validFrom !== undefined || credential.validUntil !== undefined;
  const fromKey = v2 ? 'validFrom' : 'issuanceDate';
  const untilKey = v2 ? 'validUntil' : 'expirationDate';
  const time = now.getTime();
  const from = dateOf(credential[fromKey]);
  const until = dateOf(credential[untilKey]);
  if (from === null || until === null) problems.push(problem('validity.invalid_date', from === null ? fromKey : untilKey));
  if (typeof from === 'number' && from > time) problems.push(problem('validity.not_yet_valid', fromKey, String(credential[fromKey])));
  if (typeof until === 'number' && until < time) problems.push(problem('validity.expired', untilKey, String(credential[untilKey])));
  if (jwtPayload) {
    if (typeof jwtPayload.nbf === 'number' && jwtPayload.nbf * 1000 > time && !problems.length) problems.push(problem('validity.not_yet_valid', 'nbf'));
    if (typeof jwtPayload.exp === 'number' && jwtPayload.exp * 1000 < time && !problems.some((p) => p.code === 'validity.expired')) {
      problems.push(problem('validity.expired', 'exp'));
    }
  }
  return check('validity', problems);
}

/** A timestamp, undefined when absent, null when unreadable. */
function dateOf(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}
