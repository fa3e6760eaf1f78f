// Verification results: the checks in the order OB 3.0 lists them, each with stable problem codes
// (the app translates codes; the English messages here are for logs and tests).

export type CheckId = 'schema' | 'subject' | 'proof' | 'status' | 'validity' | 'endorsements';

export const CHECK_ORDER: readonly CheckId[] = ['schema', 'subject', 'proof', 'status', 'validity', 'endorsements'];

export const MESSAGES = {
  'input.unreadable': 'The input is not a credential, a JWT, a PNG or an SVG.',
  'input.no_credential': 'The image carries no Open Badges 3.0 credential.',
  'input.invalid_json': 'The credential is not valid JSON.',
  'input.invalid_jwt': 'The JWT cannot be decoded.',
  'input.verifier_error': 'The verifier could not process this credential.',
  'schema.not_an_object': 'The credential is not a JSON object.',
  'schema.context': 'The @context does not start with the VC 2.0 and Open Badges 3.0 contexts.',
  'schema.credential_type': 'The type is not OpenBadgeCredential, AchievementCredential or EndorsementCredential.',
  'schema.required': 'A required property is missing.',
  'schema.invalid_value': 'A property has a value of the wrong kind.',
  'schema.invalid_uri': 'A property that must be a URI is not one.',
  'schema.invalid_date': 'A date is not an XML Schema dateTime with a time zone.',
  'schema.node_type': 'An object does not have the type the specification requires.',
  'schema.credential_schema_unavailable': 'A credentialSchema cannot be checked: it is not one of the Open Badges 3.0 schemas.',
  'subject.no_identifier': 'The credential subject has neither an id nor an identifier.',
  'subject.recipient_mismatch': 'The credential was not awarded to the expected recipient.',
  'subject.recipient_unknown': 'No recipient is known to compare the credential subject with.',
  'proof.missing': 'The credential has no proof.',
  'proof.unsupported': 'The credential has no proof of a kind this verifier supports.',
  'proof.wrong_purpose': 'The proof purpose is not assertionMethod.',
  'proof.method_missing': 'The proof names no verification method.',
  'proof.method_no_scheme': 'The verification method is not a URI (no scheme).',
  'proof.method_unknown_scheme': 'The verification method has an unsupported URI scheme.',
  'proof.did_method_unsupported': 'The verification method uses an unsupported DID method.',
  'proof.method_not_found': 'The verification method cannot be found.',
  'proof.method_revoked': 'The verification method has been revoked by its controller.',
  'proof.method_not_authorized': "The key is not listed as an assertion method by its controller.",
  'proof.controller_not_found': "The key's controller document cannot be found.",
  'proof.issuer_mismatch': "The key's controller is not the issuer.",
  'proof.signature_invalid': 'The signature does not match: the credential was altered or forged.',
  'proof.jsonld_invalid': 'The credential cannot be canonicalized: unknown terms or contexts.',
  'proof.jwt_header_invalid': 'The JWT header is invalid.',
  'proof.jwt_alg_unsupported': 'The JWT signing algorithm is not supported.',
  'proof.jwt_key_missing': 'The JWT names no key (neither kid nor jwk).',
  'proof.jwt_private_key': 'The JWT header exposes a private key.',
  'proof.jwt_claim_mismatch': 'A JWT claim (iss, sub, jti, nbf, exp) does not match the credential.',
  'status.revoked': 'The issuer has revoked the credential.',
  'status.suspended': 'The issuer has suspended the credential.',
  'status.list_unavailable': 'The status list cannot be obtained, so revocation was not checked.',
  'status.list_invalid': 'The status list is invalid or its proof does not verify.',
  'status.index_invalid': 'The status list index is invalid.',
  'status.unsupported_type': 'The credential status method is not supported, so it was not checked.',
  'validity.not_yet_valid': 'The credential is not valid yet (validFrom is in the future).',
  'validity.expired': 'The credential has expired (validUntil is in the past).',
  'validity.invalid_date': 'The validity dates cannot be read.',
  'endorsements.invalid': 'An endorsement does not verify.',
  'endorsements.revoked': 'An endorsement was withdrawn by its endorser: it no longer counts.',
  'endorsements.too_many': 'The credential carries too many endorsements to check.',
  'context.vc_v1': 'The credential uses the older VC Data Model 1.1 context.',
  'context.ob_version': 'The credential uses another version of the Open Badges 3.0 context.',
  'proof.deprecated_suite': 'The proof uses a deprecated cryptosuite (eddsa-2022).',
  'proof.unsupported_ignored': 'A proof of an unsupported kind was ignored.',
  'proof.issuer_not_bound': "The issuer's identifier cannot be linked to the signing key: only the key itself is known.",
} as const;

export type ProblemCode = keyof typeof MESSAGES;

export interface Problem {
  code: ProblemCode;
  message: string;
  /** Where in the credential (`credentialSubject.achievement.criteria`, `proof[1]`…). */
  path?: string;
  /** A detail that helps a person (the URL that could not be resolved, the library's error…). */
  detail?: string;
}

export interface CheckResult {
  id: CheckId;
  passed: boolean;
  /** True when the check could not run (the input could not be read at all). */
  skipped?: boolean;
  /** The first problem's code when the check failed. */
  code?: ProblemCode;
  message?: string;
  problems: Problem[];
}

export type InputFormat = 'json' | 'jwt' | 'png' | 'svg';

export interface VerificationResult {
  /** True when every check passed (warnings do not make a credential invalid). */
  valid: boolean;
  checks: CheckResult[];
  warnings: Problem[];
  /** The credential as read (for a JWT, the payload without its JWT claims). */
  credential?: Record<string, unknown>;
  format?: InputFormat;
  /** The verification method whose signature was accepted, and its controller. */
  signer?: { verificationMethod: string; controller?: string };
  /** Results of the embedded endorsements, in document order. */
  endorsements?: VerificationResult[];
}

export function problem(code: ProblemCode, path?: string, detail?: string): Problem {
  const result: Problem = { code, message: MESSAGES[code] };
  if (path !== undefined) result.path = path;
  if (detail !== undefined) result.detail = detail;
  return result;
}

export function check(id: CheckId, problems: Problem[]): CheckResult {
  const first = problems[0];
  return first ? { id, passed: false, code: first.code, message: first.message, problems } : { id, passed: true, problems: [] };
}
