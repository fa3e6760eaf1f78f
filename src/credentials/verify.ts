// verifyCredential: the OB 3.0 verification steps, in order — structure, subject, proof, status,
// validity period, endorsements — each reported as a check with stable codes. It never throws for a
// bad credential and never uses the network: keys, DID documents and status lists come from the
// caller's document loader.
import { checkSchema, checkSubject, type CredentialKind, type KnownRecipient } from './checks-structure';
import { checkEmbeddedProof, checkJwtProof, type ParsedJwt, type ProofKind } from './checks-proof';
import { checkStatus, checkValidity } from './checks-status';
import type { DocumentLoader } from './loader';
import { isRecord, type JsonRecord } from './model';
import { readCredentialInput, readJwt } from './read';
import { check, CHECK_ORDER, problem, type CheckResult, type Problem, type VerificationResult } from './results';

/** Deepest nesting searched for endorsements. */
const MAX_DEPTH = 32;

export interface VerifyOptions {
  /** From createDocumentLoader: bundled contexts, did:key, and the caller's documents. Build it once. */
  documentLoader: DocumentLoader;
  /** The instant to check validity periods and status lists against; defaults to the current time. */
  now?: Date;
  /**
   * When given, the subject must be this recipient (an id, or e.g. an e-mail address), or one of
   * these (a holder's several addresses); an empty list matches no one (`subject.recipient_unknown`).
   */
  recipient?: KnownRecipient | readonly KnownRecipient[];
  /** Accepted proof kinds; all supported kinds by default. */
  allowedProofs?: readonly ProofKind[];
  /** Most embedded endorsements checked; more make the endorsements check fail (default 20). */
  maxEndorsements?: number;
}

/**
 * Verifies an Open Badges 3.0 credential (OpenBadgeCredential/AchievementCredential, or an
 * EndorsementCredential) given as an object, JSON text, a compact JWS, or PNG/SVG bytes.
 */
export async function verifyCredential(input: unknown, options: VerifyOptions): Promise<VerificationResult> {
  const read = readCredentialInput(input);
  if (read.problem || !read.credential) return unread(read.problem ?? problem('input.unreadable'), read.format);
  try {
    const result = await verifyParsed(read.credential, read.jwt, options, undefined);
    return { ...result, format: read.format };
  } catch (error) {
    // Every check reports its own failures; this only keeps the promise of never throwing.
    return unread(problem('input.verifier_error', undefined, error instanceof Error ? error.message : String(error)), read.format);
  }
}

function unread(failure: Problem, format: VerificationResult['format']): VerificationResult {
  return {
    valid: false,
    format,
    checks: CHECK_ORDER.map((id) => (id === 'schema' ? check('schema', [failure]) : { id, passed: false, skipped: true, problems: [] })),
    warnings: [],
  };
}

async function verifyParsed(
  credential: JsonRecord,
  jwt: ParsedJwt | undefined,
  options: VerifyOptions,
  expectedKind: CredentialKind | undefined,
): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const nested = expectedKind !== undefined;
  const warnings: Problem[] = [];

  const schema = checkSchema(credential);
  warnings.push(...schema.warnings);
  if (expectedKind && schema.kind !== expectedKind) schema.check = check('schema', [problem('schema.credential_type', 'type'), ...schema.check.problems]);
  const subject = checkSubject(credential, schema.kind, nested ? undefined : options.recipient);
  const proofOptions = { documentLoader: options.documentLoader, allowedProofs: options.allowedProofs };
  const proof = jwt ? await checkJwtProof(jwt, credential, proofOptions) : await checkEmbeddedProof(credential, proofOptions);
  warnings.push(...proof.warnings);
  const status = await checkStatus(credential, { ...proofOptions, now });
  warnings.push(...status.warnings);
  const validity = checkValidity(credential, now, jwt?.payload);
  const endorsements = nested ? { check: check('endorsements', []), results: [], warnings: [] } : await checkEndorsements(credential, options);
  warnings.push(...endorsements.warnings);

  const checks: CheckResult[] = [schema.check, subject, proof.check, status.check, validity, endorsements.check];
  const result: VerificationResult = { valid: checks.every((c) => c.passed), checks, warnings: dedupe(warnings), credential };
  if (proof.signer) result.signer = proof.signer;
  if (endorsements.results.length > 0) result.endorsements = endorsements.results;
  return result;
}

/** Verifies every embedded `endorsement` (and `endorsementJwt`) found in the credential. */
async function checkEndorsements(credential: JsonRecord, options: VerifyOptions): Promise<{ check: CheckResult; results: VerificationResult[]; warnings: Problem[] }> {
  const found = findEndorsements(credential);
  const limit = options.maxEndorsements ?? 20;
  if (found.length > limit) return { check: check('endorsements', [problem('endorsements.too_many', undefined, String(found.length))]), results: [], warnings: [] };
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const results: VerificationResult[] = [];
  for (const { path, value } of found) {
    let result: VerificationResult;
    if (typeof value === 'string') {
      const read = readJwt(value);
      result = read.credential
        ? await verifyParsed(read.credential, read.jwt, options, 'endorsement')
        : { valid: false, checks: [check('schema', [read.problem ?? problem('input.invalid_jwt')])], warnings: [] };
    } else {
      result = await verifyParsed(value, undefined, options, 'endorsement');
    }
    results.push(result);
    if (!result.valid) {
      const failing = result.checks.filter((c) => !c.passed);
      // Withdrawn by its endorser (and otherwise sound): it no longer counts, but the credential
      // itself is not made invalid by someone else's change of mind.
      const withdrawn = failing.length === 1 && failing[0]!.id === 'status' && failing[0]!.problems.every((p) => p.code === 'status.revoked');
      if (withdrawn) warnings.push(problem('endorsements.revoked', path));
      else problems.push(problem('endorsements.invalid', path, failing.map((c) => c.code ?? c.id).join(', ')));
    }
  }
  return { check: check('endorsements', problems), results, warnings };
}

/**
 * `endorsement` objects and `endorsementJwt` strings anywhere in the credential (not inside other
 * endorsements, nor in proofs). The path of a node (`credentialSubject.achievement.endorsement[0]`)
 * is written only for what is found: the walk itself keeps the keys on a stack.
 */
function findEndorsements(credential: JsonRecord): Array<{ path: string; value: JsonRecord | string }> {
  const found: Array<{ path: string; value: JsonRecord | string }> = [];
  const keys: Array<string | number> = [];
  const pathOf = (last: string | number) =>
    [...keys, last].reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key), '');
  const walk = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        keys.push(index);
        walk(node[index], depth + 1);
        keys.pop();
      }
      return;
    }
    for (const key in node) {
      if (!Object.hasOwn(node, key) || key === 'proof') continue;
      const value = (node as JsonRecord)[key];
      if (key === 'endorsement' || key === 'endorsementJwt') {
        keys.push(key);
        const items = Array.isArray(value) ? value : [value];
        items.forEach((item, index) => {
          if (key === 'endorsement' ? isRecord(item) : typeof item === 'string') found.push({ path: pathOf(index), value: item as JsonRecord | string });
        });
        keys.pop();
      } else {
        keys.push(key);
        walk(value, depth + 1);
        keys.pop();
      }
    }
  };
  walk(credential, 0);
  return found;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}|${p.path ?? ''}|${p.detail ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
