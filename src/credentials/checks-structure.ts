// Structural checks of an OB 3.0 credential, written by hand from the OB 3.0 data model (the
// required properties and the `type` of every object), for AchievementCredential (alias
// OpenBadgeCredential) and EndorsementCredential, in their VC 2.0 and VC 1.1 forms.
import { hashIdentity } from './build';
import { asArray, isRecord, OB_CONTEXT, typesOf, VC_V1_CONTEXT, VC_V2_CONTEXT, type JsonRecord } from './model';
import { check, problem, type CheckResult, type Problem } from './results';

export type CredentialKind = 'achievement' | 'endorsement';

/** What the verifier knows of the recipient, to compare with the subject (OB 3.0 "verify the recipient"). */
export type KnownRecipient = { id: string } | { identityType?: string; value: string };

const OB_CONTEXT_VERSIONS = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d+\.\d+)?\.json$/;
const OB_CONTEXT_ALIASES = ['https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld'];
const CANONICAL_SCHEMA = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/schema\/json\/ob_v3p0_[a-z]+_schema\.json$/;
const DATE_TIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/;

export interface SchemaOutcome {
  check: CheckResult;
  warnings: Problem[];
  kind?: CredentialKind;
  /** VC Data Model version: 'v1' credentials use issuanceDate/expirationDate. */
  version: 'v1' | 'v2';
}

export function credentialKind(credential: JsonRecord): CredentialKind | undefined {
  const types = typesOf(credential);
  if (!types.includes('VerifiableCredential')) return undefined;
  if (types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')) return 'achievement';
  if (types.includes('EndorsementCredential')) return 'endorsement';
  return undefined;
}

export function dataModelVersion(credential: JsonRecord): 'v1' | 'v2' {
  return asArray(credential['@context']).includes(VC_V2_CONTEXT) ? 'v2' : 'v1';
}

/** @context, type, id, issuer, dates, evidence, status and credentialSchema of the credential. */
export function checkSchema(credential: JsonRecord): SchemaOutcome {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const version = dataModelVersion(credential);
  checkContext(credential, problems, warnings);
  const kind = credentialKind(credential);
  if (!kind) problems.push(problem('schema.credential_type', 'type', typesOf(credential).join(', ')));
  requireUri(credential, 'id', '', problems);

  if (credential.issuer === undefined) problems.push(problem('schema.required', 'issuer'));
  else checkProfile(credential.issuer, 'issuer', problems);

  const [from, until] = version === 'v2' ? ['validFrom', 'validUntil'] : ['issuanceDate', 'expirationDate'];
  if (credential[from] === undefined) problems.push(problem('schema.required', from));
  for (const property of [from, until, 'awardedDate']) checkDate(credential, property, '', problems);
  if (kind === 'endorsement') requireString(credential, 'name', '', problems);
  else optionalString(credential, 'name', '', problems);
  if (credential.image !== undefined) checkImage(credential.image, 'image', problems);
  asArray(credential.evidence).forEach((evidence, index) => requireType(evidence, 'Evidence', `evidence[${index}]`, problems));
  asArray(credential.credentialStatus).forEach((status, index) => {
    if (!isRecord(status) || typeof status.type !== 'string') problems.push(problem('schema.required', `credentialStatus[${index}].type`));
  });
  asArray(credential.credentialSchema).forEach((schema, index) => {
    const path = `credentialSchema[${index}]`;
    if (!isRecord(schema) || typeof schema.id !== 'string' || typeof schema.type !== 'string') {
      problems.push(problem('schema.required', path));
    } else if (schema.type === '1EdTechJsonSchemaValidator2019' && !CANONICAL_SCHEMA.test(schema.id)) {
      // Only the Open Badges 3.0 schemas are known (the checks in this file stand for them);
      // another schema would have to be fetched, and this library never fetches.
      problems.push(problem('schema.credential_schema_unavailable', path, schema.id));
    }
  });
  return { check: check('schema', problems), warnings, kind, version };
}

/** The credential subject: AchievementSubject (id or identifier, achievement…) or EndorsementSubject. */
export function checkSubject(credential: JsonRecord, kind: CredentialKind | undefined, recipient?: KnownRecipient | readonly KnownRecipient[]): CheckResult {
  const problems: Problem[] = [];
  const subject = credential.credentialSubject;
  const path = 'credentialSubject';
  if (!isRecord(subject)) {
    problems.push(problem(subject === undefined ? 'schema.required' : 'schema.invalid_value', path));
    return check('subject', problems);
  }
  if (kind === 'endorsement') {
    requireType(subject, 'EndorsementSubject', path, problems);
    requireUri(subject, 'id', path, problems);
    return check('subject', problems);
  }
  requireType(subject, 'AchievementSubject', path, problems);
  const identifiers = asArray(subject.identifier);
  if (subject.id === undefined && identifiers.length === 0) problems.push(problem('subject.no_identifier', path));
  if (subject.id !== undefined) requireUri(subject, 'id', path, problems);
  identifiers.forEach((identifier, index) => {
    const at = `${path}.identifier[${index}]`;
    if (!requireType(identifier, 'IdentityObject', at, problems)) return;
    requireString(identifier, 'identityHash', at, problems);
    requireString(identifier, 'identityType', at, problems);
    if (typeof identifier.hashed !== 'boolean') problems.push(problem('schema.required', `${at}.hashed`));
  });
  if (subject.achievement === undefined) problems.push(problem('schema.required', `${path}.achievement`));
  else checkAchievement(subject.achievement, `${path}.achievement`, problems);
  asArray(subject.result).forEach((result, index) => requireType(result, 'Result', `${path}.result[${index}]`, problems));
  if (subject.source !== undefined) checkProfile(subject.source, `${path}.source`, problems);
  if (subject.image !== undefined) checkImage(subject.image, `${path}.image`, problems);
  if (problems.length === 0 && recipient) {
    const known = Array.isArray(recipient) ? (recipient as readonly KnownRecipient[]) : [recipient as KnownRecipient];
    if (known.length === 0) problems.push(problem('subject.recipient_unknown', path));
    else if (!known.some((r) => recipientMatches(subject, r))) problems.push(problem('subject.recipient_mismatch', path));
  }
  return check('subject', problems);
}

/**
 * OB 3.0 "verify the recipient": a known id, or a known identifier compared with each
 * IdentityObject (an e-mail address also matches a `mailto:` subject id).
 */
export function recipientMatches(subject: JsonRecord, recipient: KnownRecipient): boolean {
  if ('id' in recipient) return subject.id === recipient.id;
  const type = recipient.identityType ?? 'emailAddress';
  const candidates = [...new Set([recipient.value, recipient.value.trim(), recipient.value.trim().toLowerCase()])];
  if (type === 'emailAddress' && typeof subject.id === 'string' && /^mailto:/i.test(subject.id)) {
    const address = subject.id.slice('mailto:'.length).trim().toLowerCase();
    if (candidates.some((candidate) => candidate.trim().toLowerCase() === address)) return true;
  }
  return asArray(subject.identifier).some((identifier) => {
    if (!isRecord(identifier) || identifier.identityType !== type || typeof identifier.identityHash !== 'string') return false;
    if (identifier.hashed !== true) return candidates.includes(identifier.identityHash);
    const salt = typeof identifier.salt === 'string' ? identifier.salt : '';
    const expected = identifier.identityHash.toLowerCase();
    return candidates.some((candidate) => hashIdentity(candidate, salt) === expected);
  });
}

function checkContext(credential: JsonRecord, problems: Problem[], warnings: Problem[]): void {
  const contexts = asArray(credential['@context']);
  const [first, second] = contexts;
  if (first === VC_V1_CONTEXT) warnings.push(problem('context.vc_v1', '@context[0]', first));
  else if (first !== VC_V2_CONTEXT) problems.push(problem('schema.context', '@context[0]', String(first)));
  if (second === OB_CONTEXT) return;
  if (typeof second === 'string' && (OB_CONTEXT_VERSIONS.test(second) || OB_CONTEXT_ALIASES.includes(second))) {
    warnings.push(problem('context.ob_version', '@context[1]', second));
  } else {
    problems.push(problem('schema.context', '@context[1]', String(second)));
  }
}

function checkAchievement(achievement: unknown, path: string, problems: Problem[]): void {
  if (!requireType(achievement, 'Achievement', path, problems)) return;
  requireUri(achievement, 'id', path, problems);
  requireString(achievement, 'name', path, problems);
  requireString(achievement, 'description', path, problems);
  const criteria = achievement.criteria;
  if (!isRecord(criteria)) problems.push(problem(criteria === undefined ? 'schema.required' : 'schema.invalid_value', `${path}.criteria`));
  else if (criteria.id === undefined && criteria.narrative === undefined) problems.push(problem('schema.required', `${path}.criteria.narrative`));
  if (achievement.image !== undefined) checkImage(achievement.image, `${path}.image`, problems);
  if (achievement.creator !== undefined) checkProfile(achievement.creator, `${path}.creator`, problems);
  asArray(achievement.alignment).forEach((alignment, index) => {
    const at = `${path}.alignment[${index}]`;
    if (!requireType(alignment, 'Alignment', at, problems)) return;
    requireString(alignment, 'targetName', at, problems);
    requireUri(alignment, 'targetUrl', at, problems);
  });
  asArray(achievement.resultDescription).forEach((description, index) => {
    const at = `${path}.resultDescription[${index}]`;
    if (!requireType(description, 'ResultDescription', at, problems)) return;
    requireUri(description, 'id', at, problems);
    requireString(description, 'name', at, problems);
    requireString(description, 'resultType', at, problems);
  });
  asArray(achievement.otherIdentifier).forEach((entry, index) => requireType(entry, 'IdentifierEntry', `${path}.otherIdentifier[${index}]`, problems));
}

function checkProfile(profile: unknown, path: string, problems: Problem[]): void {
  if (!requireType(profile, 'Profile', path, problems)) return;
  requireUri(profile, 'id', path, problems);
  optionalString(profile, 'name', path, problems);
  if (profile.image !== undefined) checkImage(profile.image, `${path}.image`, problems);
  asArray(profile.otherIdentifier).forEach((entry, index) => requireType(entry, 'IdentifierEntry', `${path}.otherIdentifier[${index}]`, problems));
  if (profile.parentOrg !== undefined) requireType(profile.parentOrg, 'Profile', `${path}.parentOrg`, problems);
}

function checkImage(image: unknown, path: string, problems: Problem[]): void {
  if (!requireType(image, 'Image', path, problems)) return;
  requireUri(image, 'id', path, problems);
}

/** The node is an object whose type includes `type`; reports and returns false otherwise. */
function requireType(node: unknown, type: string, path: string, problems: Problem[]): node is JsonRecord {
  if (!isRecord(node)) {
    problems.push(problem(node === undefined ? 'schema.required' : 'schema.invalid_value', path));
    return false;
  }
  if (!typesOf(node).includes(type)) {
    problems.push(problem('schema.node_type', `${path}.type`, `expected ${type}`));
    return false;
  }
  return true;
}

function requireString(node: JsonRecord, key: string, path: string, problems: Problem[]): void {
  const value = node[key];
  const at = path ? `${path}.${key}` : key;
  if (value === undefined) problems.push(problem('schema.required', at));
  else if (typeof value !== 'string' || value.trim() === '') problems.push(problem('schema.invalid_value', at));
}

function optionalString(node: JsonRecord, key: string, path: string, problems: Problem[]): void {
  if (node[key] !== undefined && typeof node[key] !== 'string') problems.push(problem('schema.invalid_value', path ? `${path}.${key}` : key));
}

function requireUri(node: JsonRecord, key: string, path: string, problems: Problem[]): void {
  const value = node[key];
  const at = path ? `${path}.${key}` : key;
  if (value === undefined) problems.push(problem('schema.required', at));
  else if (typeof value !== 'string' || !URI.test(value)) problems.push(problem('schema.invalid_uri', at));
}

function checkDate(node: JsonRecord, key: string, path: string, problems: Problem[]): void {
  const value = node[key];
  if (value === undefined) return;
  if (typeof value !== 'string' || !DATE_TIME_Z.test(value) || Number.isNaN(Date.parse(value))) {
    problems.push(problem('schema.invalid_date', path ? `${path}.${key}` : key));
  }
}
