// Reads what a person hands to the verifier: a credential object, its JSON text, a compact JWS
// (VC-JWT), or the bytes of a baked PNG or SVG image.
import { isPng, readPngCredential } from './bake-png';
import { isSvg, readSvgCredential } from './bake-svg';
import type { ParsedJwt } from './checks-proof';
import { isRecord, type JsonRecord } from './model';
import { problem, type InputFormat, type Problem } from './results';

export interface ReadInput {
  format?: InputFormat;
  credential?: JsonRecord;
  jwt?: ParsedJwt;
  problem?: Problem;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Registered JWT claims, removed from a payload to get the credential back. */
const JWT_CLAIMS = ['iss', 'sub', 'jti', 'nbf', 'exp', 'iat', 'aud'];

/** Recognizes and decodes the input; never throws. */
export function readCredentialInput(input: unknown): ReadInput {
  try {
    if (input instanceof Uint8Array) return readBytes(input);
    if (typeof input === 'string') return readText(input);
    if (isRecord(input)) return { format: 'json', credential: input };
    return { problem: problem('input.unreadable') };
  } catch (error) {
    return { problem: problem('input.unreadable', undefined, error instanceof Error ? error.message : String(error)) };
  }
}

function readBytes(bytes: Uint8Array): ReadInput {
  if (isPng(bytes)) return baked('png', readPngCredential(bytes));
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return readText(text);
}

function readText(raw: string): ReadInput {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (isSvg(text)) return baked('svg', readSvgCredential(text));
  return readCredentialText(text, 'json');
}

function baked(format: 'png' | 'svg', text: string | undefined): ReadInput {
  if (text === undefined) return { format, problem: problem('input.no_credential') };
  const read = readCredentialText(text, format);
  return { ...read, format };
}

/** JSON text or a compact JWS. */
function readCredentialText(text: string, format: InputFormat): ReadInput {
  if (COMPACT_JWS.test(text)) return readJwt(text);
  if (!text.startsWith('{')) return { format, problem: problem('input.unreadable') };
  try {
    const credential: unknown = JSON.parse(text);
    if (!isRecord(credential)) return { format, problem: problem('schema.not_an_object') };
    return { format, credential };
  } catch (error) {
    return { format, problem: problem('input.invalid_json', undefined, error instanceof Error ? error.message : undefined) };
  }
}

/** Decodes a VC-JWT: OB 3.0 puts the credential in the payload itself; VC 1.1 JWTs use a `vc` claim. */
export function readJwt(compact: string): ReadInput {
  const [headerPart, payloadPart] = compact.split('.');
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(headerPart ?? '', 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(payloadPart ?? '', 'base64url').toString('utf8'));
  } catch {
    return { format: 'jwt', problem: problem('input.invalid_jwt') };
  }
  if (!isRecord(header) || !isRecord(payload)) return { format: 'jwt', problem: problem('input.invalid_jwt') };
  let credential: JsonRecord;
  if (isRecord(payload.vc)) {
    credential = payload.vc;
  } else {
    credential = { ...payload };
    for (const claim of JWT_CLAIMS) delete credential[claim];
  }
  return { format: 'jwt', credential, jwt: { compact, header, payload } };
}
