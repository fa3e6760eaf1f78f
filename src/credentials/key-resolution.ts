// From a proof's verification method (or a JWT `kid`/`jwk`) to a public key that is (1) listed by
// its controller as an assertion method and (2) shown to belong to the credential's issuer.
import { calculateJwkThumbprint, type JWK } from 'jose';
import { publicKeyJwk } from './keys';
import { findVerificationMethod, type DocumentLoader } from './loader';
import { asArray, isRecord, type JsonRecord } from './model';
import { problem, type Problem } from './results';

export interface ResolvedMethod {
  /** The URL as the proof names it. */
  url: string;
  /** The verification method document (type, controller, publicKeyMultibase or publicKeyJwk). */
  method: JsonRecord;
  controller: string;
}

export type Resolution = { ok: true; resolved: ResolvedMethod } | { ok: false; problem: Problem };

/** How the issuer is tied to the key: bound, not bindable (issuer id not dereferenceable), or a failure. */
export type Binding = { ok: true; warning?: Problem } | { ok: false; problem: Problem };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const SUPPORTED_DID_METHODS = ['key', 'web'];
/** Issuer identifiers that can be dereferenced to a document listing the issuer's keys. */
const DEREFERENCEABLE = /^(https?:|did:(key|web):)/;

/** Resolves a verification method URL and checks that its controller lists it as an assertion method. */
export async function resolveVerificationMethod(url: unknown, loader: DocumentLoader, path: string): Promise<Resolution> {
  if (typeof url !== 'string' || url === '') return fail('proof.method_missing', path);
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return fail('proof.method_no_scheme', path, url);
  if (scheme === 'did') {
    if (!SUPPORTED_DID_METHODS.includes(url.split(':')[1] ?? '')) return fail('proof.did_method_unsupported', path, url);
  } else if (scheme !== 'https' && scheme !== 'http') {
    return fail('proof.method_unknown_scheme', path, url);
  }

  let document: JsonRecord;
  try {
    document = (await loader(url)).document;
  } catch (error) {
    return fail('proof.method_not_found', path, describe(error));
  }
  // A bare DID (`did:key:z6Mk…`) names the DID document: use its only verification method.
  let method: JsonRecord | undefined = document;
  if (!url.includes('#') && Array.isArray(document.verificationMethod)) {
    const methods = document.verificationMethod.filter(isRecord);
    method = methods.length === 1 && typeof methods[0]?.id === 'string' ? findVerificationMethod(document, methods[0].id) : undefined;
  }
  if (!method || !(typeof method.publicKeyMultibase === 'string' || isRecord(method.publicKeyJwk))) {
    return fail('proof.method_not_found', path, url);
  }
  if (method.revoked !== undefined) return fail('proof.method_revoked', path, url);
  const controller = method.controller;
  if (typeof controller !== 'string') return fail('proof.method_not_found', path, `${url} has no controller`);

  let controllerDocument: JsonRecord;
  try {
    controllerDocument = (await loader(controller)).document;
  } catch (error) {
    return fail('proof.controller_not_found', path, describe(error));
  }
  const methodId = typeof method.id === 'string' ? method.id : url;
  if (!listsAssertionMethod(controllerDocument, [url, methodId])) return fail('proof.method_not_authorized', path, url);
  return { ok: true, resolved: { url, method, controller } };
}

/**
 * Ties the credential's issuer to the signing key. Bound when the key's controller is the issuer, or
 * when the issuer's own document lists the same key as an assertion method. An issuer id that cannot
 * be dereferenced (`urn:uuid:…`) cannot be bound: the proof stands with a warning.
 */
export async function bindIssuer(
  issuerId: string | undefined,
  signer: { controller?: string; jwk: JWK },
  loader: DocumentLoader,
  path: string,
): Promise<Binding> {
  if (issuerId === undefined) return { ok: false, problem: problem('proof.issuer_mismatch', path, 'no issuer id') };
  if (signer.controller !== undefined && issuerId === signer.controller) return { ok: true };
  if (!DEREFERENCEABLE.test(issuerId)) return { ok: true, warning: problem('proof.issuer_not_bound', path, issuerId) };

  let issuerDocument: JsonRecord;
  try {
    issuerDocument = (await loader(issuerId)).document;
  } catch (error) {
    return { ok: false, problem: problem('proof.issuer_mismatch', path, describe(error)) };
  }
  const wanted = await thumbprint(signer.jwk);
  for (const entry of wanted ? asArray(issuerDocument.assertionMethod) : []) {
    const id = isRecord(entry) ? entry.id : entry;
    const method = typeof id === 'string' ? findVerificationMethod(issuerDocument, id) : undefined;
    if (!method || method.revoked !== undefined) continue;
    const jwk = await methodJwk(method);
    if (jwk && (await thumbprint(jwk)) === wanted) return { ok: true };
  }
  return { ok: false, problem: problem('proof.issuer_mismatch', path, `${signer.controller ?? 'an embedded key'} is not ${issuerId}`) };
}

/** The public JWK of a verification method (publicKeyJwk, or an Ed25519 publicKeyMultibase). */
export async function methodJwk(method: JsonRecord): Promise<JWK | undefined> {
  if (isRecord(method.publicKeyJwk)) {
    const { d: _private, ...publicJwk } = method.publicKeyJwk;
    return publicJwk as JWK;
  }
  if (typeof method.publicKeyMultibase === 'string' && method.publicKeyMultibase.startsWith('z6Mk')) {
    try {
      return (await publicKeyJwk(method.publicKeyMultibase)) as JWK;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** RFC 7638 thumbprint, or undefined for a malformed key. */
async function thumbprint(jwk: JWK): Promise<string | undefined> {
  try {
    return await calculateJwkThumbprint(jwk);
  } catch {
    return undefined;
  }
}

function listsAssertionMethod(document: JsonRecord, ids: string[]): boolean {
  const documentId = typeof document.id === 'string' ? document.id : '';
  return asArray(document.assertionMethod).some((entry) => {
    const id = isRecord(entry) ? entry.id : entry;
    if (typeof id !== 'string') return false;
    const absolute = id.startsWith('#') ? documentId + id : id;
    return ids.includes(absolute);
  });
}

function fail(code: Problem['code'], path: string, detail?: string): Resolution {
  return { ok: false, problem: problem(code, path, detail) };
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  return String(error);
}
