// The proof check: embedded Data Integrity proofs (eddsa-rdfc-2022; eddsa-2022 and
// Ed25519Signature2020 for older credentials) and VC-JWT (EdDSA, RS256, ES256). Any one valid proof
// is enough (OB 3.0, "Proofs"), provided its key is the issuer's.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import jsigs from 'jsonld-signatures';
import { compactVerify, importJWK, type JWK } from 'jose';
import { eddsaRdfc2022Lean } from './canonize';
import { ed25519Verifier } from './ed25519';
import { bindIssuer, describe, methodJwk, resolveVerificationMethod, type ResolvedMethod } from './key-resolution';
import type { DocumentLoader } from './loader';
import { asArray, isRecord, issuerIdOf, keepAtMost, type JsonRecord } from './model';
import { check, problem, type CheckResult, type Problem } from './results';

/** Proof kinds the verifier accepts; all by default. */
export type ProofKind = 'eddsa-rdfc-2022' | 'eddsa-2022' | 'Ed25519Signature2020' | 'jwt-EdDSA' | 'jwt-RS256' | 'jwt-ES256';

export const ALL_PROOF_KINDS: readonly ProofKind[] = ['eddsa-rdfc-2022', 'eddsa-2022', 'Ed25519Signature2020', 'jwt-EdDSA', 'jwt-RS256', 'jwt-ES256'];

export interface ProofOptions {
  documentLoader: DocumentLoader;
  allowedProofs?: readonly ProofKind[];
}

export interface ProofOutcome {
  check: CheckResult;
  warnings: Problem[];
  signer?: { verificationMethod: string; controller?: string };
}

export interface ParsedJwt {
  compact: string;
  header: JsonRecord;
  payload: JsonRecord;
}

const DATA_INTEGRITY_V1 = 'https://w3id.org/security/data-integrity/v1';

class AssertionPurpose extends jsigs.purposes.ProofPurpose {
  constructor() {
    super({ term: 'assertionMethod' });
  }

  // The key's authorization was already checked by resolveVerificationMethod.
  override async validate(): Promise<{ valid: boolean }> {
    return { valid: true };
  }
}

/** Verifies the embedded proofs of a credential. */
export async function checkEmbeddedProof(credential: JsonRecord, options: ProofOptions): Promise<ProofOutcome> {
  const allowed = options.allowedProofs ?? ALL_PROOF_KINDS;
  const proofs = asArray(credential.proof);
  if (proofs.length === 0) return { check: check('proof', [problem('proof.missing', 'proof')]), warnings: [] };
  const unsupported: Problem[] = [];
  const candidates: Array<{ proof: JsonRecord; kind: ProofKind; path: string }> = [];
  for (const [index, proof] of proofs.entries()) {
    const path = Array.isArray(credential.proof) ? `proof[${index}]` : 'proof';
    const kind = isRecord(proof) ? proofKind(proof) : undefined;
    if (isRecord(proof) && kind && allowed.includes(kind)) candidates.push({ proof, kind, path });
    else unsupported.push(problem('proof.unsupported', path, isRecord(proof) ? [proof.type, proof.cryptosuite].filter(Boolean).join(' ') : undefined));
  }
  const failures: Problem[] = [];
  for (const { proof, kind, path } of candidates) {
    const outcome = await verifyEmbedded(credential, proof, kind, path, options.documentLoader);
    if ('problem' in outcome) {
      failures.push(outcome.problem);
      continue;
    }
    const warnings = [...outcome.warnings, ...unsupported.map((p) => problem('proof.unsupported_ignored', p.path, p.detail))];
    if (kind === 'eddsa-2022') warnings.push(problem('proof.deprecated_suite', path));
    return { check: check('proof', []), warnings, signer: outcome.signer };
  }
  return { check: check('proof', failures.length > 0 ? failures : unsupported), warnings: [] };
}

/** Verifies a VC-JWT (its signature, its key's binding to the issuer, and its claims). */
export async function checkJwtProof(jwt: ParsedJwt, credential: JsonRecord, options: ProofOptions): Promise<ProofOutcome> {
  const allowed = options.allowedProofs ?? ALL_PROOF_KINDS;
  const { header, payload } = jwt;
  const fail = (p: Problem): ProofOutcome => ({ check: check('proof', [p]), warnings: [] });
  const alg = header.alg;
  if (typeof alg !== 'string' || !allowed.includes(`jwt-${alg}` as ProofKind)) return fail(problem('proof.jwt_alg_unsupported', 'header.alg', String(alg)));
  const issuerId = issuerIdOf(credential);

  let jwk: JWK;
  let resolved: ResolvedMethod | undefined;
  if (isRecord(header.jwk)) {
    if ('d' in header.jwk) return fail(problem('proof.jwt_private_key', 'header.jwk'));
    jwk = header.jwk as JWK;
  } else if (typeof header.kid === 'string') {
    const kid = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(header.kid) || !issuerId ? header.kid : `${issuerId}#${header.kid.replace(/^#/, '')}`;
    const resolution = await resolveVerificationMethod(kid, options.documentLoader, 'header.kid');
    if (!resolution.ok) return fail(resolution.problem);
    resolved = resolution.resolved;
    const methodKey = await methodJwk(resolved.method);
    if (!methodKey) return fail(problem('proof.method_not_found', 'header.kid', kid));
    jwk = methodKey;
  } else {
    return fail(problem('proof.jwt_key_missing', 'header'));
  }

  try {
    const key = await importJWK(jwk, alg);
    await compactVerify(jwt.compact, key, { algorithms: [alg] });
  } catch (error) {
    return fail(problem('proof.signature_invalid', 'jwt', describe(error)));
  }
  const binding = await bindIssuer(issuerId, { controller: resolved?.controller, jwk }, options.documentLoader, resolved ? 'header.kid' : 'header.jwk');
  if (!binding.ok) return fail(binding.problem);
  const mismatches = claimMismatches(payload, credential);
  if (mismatches.length > 0) return { check: check('proof', mismatches), warnings: [] };
  return {
    check: check('proof', []),
    warnings: binding.warning ? [binding.warning] : [],
    signer: { verificationMethod: resolved?.url ?? 'jwk', controller: resolved?.controller },
  };
}

function proofKind(proof: JsonRecord): ProofKind | undefined {
  if (proof.type === 'Ed25519Signature2020') return 'Ed25519Signature2020';
  if (proof.type !== 'DataIntegrityProof') return undefined;
  if (proof.cryptosuite === 'eddsa-rdfc-2022') return 'eddsa-rdfc-2022';
  if (proof.cryptosuite === 'eddsa-2022') return 'eddsa-2022';
  return undefined;
}

// The cryptosuite's own verifier reads the verification method into a key (Multikey.from) and
// re-imports the public key (DER → KeyObject) at every signature check, ~15 % of a verification:
// the verifiers of the methods seen last are kept instead, by the method's exact JSON.
const VERIFIERS_KEPT = 1000;
const verifiers = new Map<string, DiVerifier>();
const eddsaRdfc2022Suite = {
  ...eddsaRdfc2022Lean,
  async createVerifier({ verificationMethod }: { verificationMethod: DiJson }): Promise<DiVerifier> {
    const cacheKey = JSON.stringify(verificationMethod);
    let verifier = verifiers.get(cacheKey);
    if (!verifier) {
      const key = await Ed25519Multikey.from(verificationMethod);
      const verify = ed25519Verifier(key.publicKey);
      verifier = { ...key.verifier(), verify: async ({ data, signature }) => verify(data, signature) };
      keepAtMost(verifiers, cacheKey, verifier, VERIFIERS_KEPT);
    }
    return verifier;
  },
};

// The Data Integrity suites hold no state while verifying (the data to verify is made by the
// cryptosuite's `createVerifyData`): one of each serves every verification.
const dataIntegritySuites = {
  'eddsa-rdfc-2022': new DataIntegrityProof({ cryptosuite: eddsaRdfc2022Suite }),
  'eddsa-2022': new DataIntegrityProof({ cryptosuite: { ...eddsaRdfc2022Suite, name: 'eddsa-2022' } }),
  'eddsa-2022 (data-integrity/v1)': new DataIntegrityProof({ cryptosuite: { ...eddsaRdfc2022Suite, name: 'eddsa-2022' }, legacyContext: true }),
};
const assertionPurpose = new AssertionPurpose();

function suiteFor(kind: ProofKind, credential: JsonRecord): DiProofSuite {
  if (kind === 'Ed25519Signature2020') return new Ed25519Signature2020();
  if (kind === 'eddsa-2022') {
    const legacyContext = asArray(credential['@context']).includes(DATA_INTEGRITY_V1);
    return dataIntegritySuites[legacyContext ? 'eddsa-2022 (data-integrity/v1)' : 'eddsa-2022'];
  }
  return dataIntegritySuites['eddsa-rdfc-2022'];
}

async function verifyEmbedded(
  credential: JsonRecord,
  proof: JsonRecord,
  kind: ProofKind,
  path: string,
  loader: DocumentLoader,
): Promise<{ problem: Problem } | { warnings: Problem[]; signer: { verificationMethod: string; controller: string } }> {
  if (proof.proofPurpose !== 'assertionMethod') return { problem: problem('proof.wrong_purpose', `${path}.proofPurpose`, String(proof.proofPurpose)) };
  const resolution = await resolveVerificationMethod(proof.verificationMethod, loader, `${path}.verificationMethod`);
  if (!resolution.ok) return { problem: resolution.problem };
  const { resolved } = resolution;
  const proofLoader: DocumentLoader = async (url) =>
    url === resolved.url ? { contextUrl: null, documentUrl: url, document: resolved.method } : loader(url);
  let result: DiVerifyResult;
  try {
    result = await jsigs.verify({ ...credential, proof }, { suite: suiteFor(kind, credential), purpose: assertionPurpose, documentLoader: proofLoader });
  } catch (error) {
    result = { verified: false, error };
  }
  if (!result.verified) return { problem: classifyFailure(result, path) };
  const jwk = await methodJwk(resolved.method);
  const binding = jwk
    ? await bindIssuer(issuerIdOf(credential), { controller: resolved.controller, jwk }, loader, `${path}.verificationMethod`)
    : ({ ok: false, problem: problem('proof.method_not_found', path) } as const);
  if (!binding.ok) return { problem: binding.problem };
  return { warnings: binding.warning ? [binding.warning] : [], signer: { verificationMethod: resolved.url, controller: resolved.controller } };
}

function classifyFailure(result: DiVerifyResult, path: string): Problem {
  const errors = flattenErrors(result.error).concat((result.results ?? []).flatMap((r) => flattenErrors(r.error)));
  const messages = errors.map(describe);
  const detail = messages.join('; ') || undefined;
  const jsonLd = errors.some((error) => {
    const name = isRecord(error) ? String(error.name ?? '') : '';
    const text = describe(error);
    return name.startsWith('jsonld.') || /safe mode|undefined term|context|loader\.not_found|not available offline/i.test(text);
  });
  if (jsonLd) return problem('proof.jsonld_invalid', path, detail);
  if (messages.some((message) => /did not verify any proofs/i.test(message))) return problem('proof.unsupported', path, detail);
  return problem('proof.signature_invalid', path, detail);
}

function flattenErrors(error: unknown): unknown[] {
  if (error === undefined || error === null) return [];
  if (Array.isArray(error)) return error.flatMap(flattenErrors);
  if (isRecord(error) && Array.isArray(error.errors)) return [error, ...error.errors.flatMap(flattenErrors)];
  return [error];
}

/** OB 3.0: `iss`, `sub`, `jti`, `nbf` and `exp`, when present, must match the credential. */
function claimMismatches(payload: JsonRecord, credential: JsonRecord): Problem[] {
  const problems: Problem[] = [];
  const subject = isRecord(credential.credentialSubject) ? credential.credentialSubject : {};
  const expect = (claim: string, actual: unknown) => {
    if (payload[claim] !== undefined && payload[claim] !== actual) problems.push(problem('proof.jwt_claim_mismatch', claim, `${String(payload[claim])} ≠ ${String(actual)}`));
  };
  expect('iss', issuerIdOf(credential));
  expect('sub', subject.id);
  expect('jti', credential.id);
  expect('nbf', seconds(credential.validFrom ?? credential.issuanceDate));
  // Without validUntil in the credential, `exp` stands for it (the validity check uses it).
  const until = credential.validUntil ?? credential.expirationDate;
  if (until !== undefined) expect('exp', seconds(until));
  return problems;
}

function seconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}
