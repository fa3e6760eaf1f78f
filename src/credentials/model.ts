// Open Badges 3.0 data model (the parts Blason writes) and the URIs the credentials core knows.
// Field names follow the OB 3.0 data model (1EdTech, "Open Badges Specification v3.0", appendix B).

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
export const JWK_CONTEXT = 'https://w3id.org/security/jwk/v1';
/** Namespace of the `<openbadges:credential>` element in baked SVG images. */
export const OB_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
/** Keyword of the PNG iTXt chunk that carries an OB 3.0 credential (OB 2.0 used `openbadges`). */
export const OB_PNG_KEYWORD = 'openbadgecredential';

/** Credential status, credential schema and refresh types that need the OB extensions context. */
export const EXTENSION_TYPES = ['1EdTechRevocationList', '1EdTechCredentialRefresh', '1EdTechJsonSchemaValidator2019'];

export type OneOrMany<T> = T | T[];

export interface Image {
  id: string;
  type: 'Image';
  caption?: string;
}

export interface IdentifierEntry {
  type: 'IdentifierEntry';
  identifier: string;
  identifierType: string;
}

export interface Profile {
  id: string;
  type: string[];
  name?: string;
  url?: string;
  email?: string;
  description?: string;
  image?: Image;
  otherIdentifier?: IdentifierEntry[];
  parentOrg?: Profile;
  [extension: string]: unknown;
}

export interface Alignment {
  type: string[];
  targetName: string;
  targetUrl: string;
  targetCode?: string;
  targetDescription?: string;
  targetFramework?: string;
  targetType?: string;
}

export interface RubricCriterionLevel {
  id: string;
  type: string[];
  name: string;
  description?: string;
  level?: string;
  points?: string;
  alignment?: Alignment[];
}

export interface ResultDescription {
  id: string;
  type: string[];
  name: string;
  /** An extensible vocabulary: 'RubricCriterionLevel', 'PerformanceLevel', 'LetterGrade', 'Status'… */
  resultType: string;
  allowedValue?: string[];
  requiredValue?: string;
  requiredLevel?: string;
  rubricCriterionLevel?: RubricCriterionLevel[];
  valueMin?: string;
  valueMax?: string;
  alignment?: Alignment[];
}

export interface Criteria {
  id?: string;
  narrative?: string;
}

export interface Related {
  id: string;
  type: string[];
  inLanguage?: string;
  version?: string;
}

export interface Achievement {
  id: string;
  type: string[];
  name: string;
  description: string;
  criteria: Criteria;
  image?: Image;
  achievementType?: string;
  alignment?: Alignment[];
  resultDescription?: ResultDescription[];
  tag?: string[];
  related?: Related[];
  creator?: Profile;
  inLanguage?: string;
  version?: string;
  [extension: string]: unknown;
}

export interface IdentityObject {
  type: 'IdentityObject';
  /** `sha256$<hex>` when hashed, else the plain identifier. */
  identityHash: string;
  /** 'emailAddress', 'url', 'telephone', 'sourcedId', … (IdentifierTypeEnum). */
  identityType: string;
  hashed: boolean;
  salt?: string;
}

export interface Result {
  type: string[];
  resultDescription?: string;
  achievedLevel?: string;
  value?: string;
  status?: string;
  alignment?: Alignment[];
}

export interface AchievementSubject {
  id?: string;
  type: string[];
  identifier?: IdentityObject[];
  achievement: Achievement;
  result?: Result[];
  narrative?: string;
  [extension: string]: unknown;
}

export interface Evidence {
  id?: string;
  type: string[];
  name?: string;
  narrative?: string;
  description?: string;
  genre?: string;
  audience?: string;
}

/** W3C Bitstring Status List entry (VC 2.0 context). */
export interface BitstringStatusListEntry {
  id?: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
}

/** 1EdTech Revocation List Status Method (needs the OB extensions context). */
export interface RevocationListStatus {
  id: string;
  type: '1EdTechRevocationList';
}

export type CredentialStatus = BitstringStatusListEntry | RevocationListStatus;

export interface DataIntegrityProofValue {
  type: string;
  cryptosuite?: string;
  created?: string;
  verificationMethod?: string;
  proofPurpose?: string;
  proofValue?: string;
  [other: string]: unknown;
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  description?: string;
  image?: Image;
  issuer: Profile;
  validFrom: string;
  validUntil?: string;
  awardedDate?: string;
  credentialSubject: AchievementSubject;
  evidence?: Evidence[];
  credentialStatus?: CredentialStatus;
  proof?: OneOrMany<DataIntegrityProofValue>;
  [extension: string]: unknown;
}

export interface EndorsementCredential {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  description?: string;
  issuer: Profile;
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id: string; type: ['EndorsementSubject']; endorsementComment?: string };
  proof?: OneOrMany<DataIntegrityProofValue>;
  [extension: string]: unknown;
}

/** Any JSON object (a credential read from outside is not trusted to have any shape). */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON-LD "array-compacted" values: one value or an array of them, as an array. */
export function asArray<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** The `type` values of a node as strings (a type may be given as one string or an array). */
export function typesOf(node: unknown): string[] {
  return isRecord(node) ? asArray(node.type).filter((t): t is string => typeof t === 'string') : [];
}

/** The issuer id of a credential whose issuer is a Profile object or a URI. */
export function issuerIdOf(credential: JsonRecord): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (isRecord(issuer) && typeof issuer.id === 'string') return issuer.id;
  return undefined;
}

/**
 * Keeps `value` under `key` in a bounded cache (a Map in insertion order): the entry becomes the
 * newest, and the oldest ones go once there are more than `limit`.
 */
export function keepAtMost<K, V>(cache: Map<K, V>, key: K, value: V, limit: number): void {
  cache.delete(key);
  cache.set(key, value);
  while (cache.size > limit) cache.delete(cache.keys().next().value as K);
}
