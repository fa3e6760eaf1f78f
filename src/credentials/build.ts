// Builds an unsigned OpenBadgeCredential (Open Badges 3.0) from plain input, and the recipient
// identity hash (`sha256$<hex of sha256(identity + salt)>`) used when the earner is known by e-mail.
import crypto from 'node:crypto';
import {
  OB_CONTEXT,
  OB_EXTENSIONS_CONTEXT,
  VC_V2_CONTEXT,
  type Achievement,
  type AchievementSubject,
  type Alignment,
  type CredentialStatus,
  type EndorsementCredential,
  type Evidence,
  type IdentityObject,
  type Image,
  type OpenBadgeCredential,
  type Profile,
  type Result,
  type ResultDescription,
} from './model';

export interface ImageInput {
  id: string;
  caption?: string;
}

export interface ProfileInput {
  id: string;
  name: string;
  url?: string;
  email?: string;
  description?: string;
  image?: string | ImageInput;
}

export type AlignmentInput = Omit<Alignment, 'type'>;

export interface LevelInput {
  id: string;
  name: string;
  description?: string;
  level?: string;
  points?: string;
}

export interface ResultDescriptionInput {
  id: string;
  name: string;
  resultType: string;
  allowedValue?: string[];
  requiredValue?: string;
  requiredLevel?: string;
  rubricCriterionLevel?: LevelInput[];
  valueMin?: string;
  valueMax?: string;
}

export interface AchievementInput {
  id: string;
  name: string;
  description: string;
  criteria: { narrative?: string; id?: string };
  image?: string | ImageInput;
  achievementType?: string;
  alignment?: AlignmentInput[];
  resultDescription?: ResultDescriptionInput[];
  tag?: string[];
  related?: Array<{ id: string; inLanguage?: string; version?: string }>;
  creator?: ProfileInput;
  inLanguage?: string;
  version?: string;
}

/** The earner: a DID or URI (`id`), an e-mail address (hashed with a salt), or both. */
export interface RecipientInput {
  id?: string;
  email?: string;
  /** Salt for the e-mail hash; a random one is drawn when absent. */
  salt?: string;
}

export interface ResultInput {
  /** The `id` of one of the achievement's result descriptions. */
  resultDescription?: string;
  /** The `id` of the rubric criterion level reached (a level of that result description). */
  achievedLevel?: string;
  value?: string;
  status?: string;
}

export type EvidenceInput = Omit<Evidence, 'type'>;

export type CredentialStatusInput =
  | { type: 'BitstringStatusListEntry'; statusListCredential: string; statusListIndex: number; statusPurpose?: 'revocation' | 'suspension' }
  | { type: '1EdTechRevocationList'; id: string };

export interface BuildCredentialInput {
  id: string;
  issuer: ProfileInput;
  validFrom: Date | string;
  validUntil?: Date | string;
  awardedDate?: Date | string;
  /** Defaults to the achievement's name. */
  name?: string;
  description?: string;
  image?: string | ImageInput;
  recipient: RecipientInput;
  achievement: AchievementInput;
  results?: ResultInput[];
  narrative?: string;
  evidence?: EvidenceInput[];
  credentialStatus?: CredentialStatusInput;
}

/** Builds an unsigned OpenBadgeCredential; throws a TypeError on input that cannot make a valid one. */
export function buildOpenBadgeCredential(input: BuildCredentialInput): OpenBadgeCredential {
  requireUri(input.id, 'id');
  const achievement = buildAchievement(input.achievement);
  const credentialSubject: AchievementSubject = { type: ['AchievementSubject'], achievement };
  const { recipient } = input;
  if (!recipient.id && !recipient.email) throw new TypeError('The recipient needs an id or an e-mail address.');
  if (recipient.id) credentialSubject.id = requireUri(recipient.id, 'recipient.id');
  if (recipient.email) credentialSubject.identifier = [hashedEmailIdentity(recipient.email, recipient.salt ?? newSalt())];
  if (input.results?.length) credentialSubject.result = input.results.map((result) => buildResult(result, achievement));
  if (input.narrative) credentialSubject.narrative = input.narrative;

  const credentialStatus = input.credentialStatus && buildStatus(input.credentialStatus);
  const validFrom = dateTime(input.validFrom, 'validFrom');
  const credential: OpenBadgeCredential = {
    '@context': [VC_V2_CONTEXT, OB_CONTEXT, ...(credentialStatus?.type === '1EdTechRevocationList' ? [OB_EXTENSIONS_CONTEXT] : [])],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.name ?? achievement.name,
    issuer: buildProfile(input.issuer, 'issuer'),
    validFrom,
    credentialSubject,
  };
  if (input.description) credential.description = input.description;
  if (input.image) credential.image = buildImage(input.image);
  if (input.validUntil !== undefined) {
    credential.validUntil = dateTime(input.validUntil, 'validUntil');
    if (Date.parse(credential.validUntil) <= Date.parse(validFrom)) throw new TypeError('validUntil must be after validFrom.');
  }
  if (input.awardedDate !== undefined) credential.awardedDate = dateTime(input.awardedDate, 'awardedDate');
  if (input.evidence?.length) credential.evidence = input.evidence.map((evidence) => ({ type: ['Evidence'], ...evidence }));
  if (credentialStatus) credential.credentialStatus = credentialStatus;
  // Plain JSON only: optional input fields left `undefined` must not reach JSON-LD processing.
  return JSON.parse(JSON.stringify(credential)) as OpenBadgeCredential;
}

/** `sha256$<hex>` of the identity followed by the salt (OB 3.0 IdentityHash). */
export function hashIdentity(identity: string, salt = ''): string {
  return `sha256$${crypto.createHash('sha256').update(identity + salt, 'utf8').digest('hex')}`;
}

/** A random salt for identity hashes. */
export function newSalt(): string {
  return crypto.randomBytes(16).toString('hex');
}

/** The IdentityObject of an e-mail address (trimmed and lower-cased before hashing). */
export function hashedEmailIdentity(email: string, salt: string): IdentityObject {
  const normalized = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(normalized)) throw new TypeError('The recipient e-mail address is not valid.');
  return { type: 'IdentityObject', identityHash: hashIdentity(normalized, salt), identityType: 'emailAddress', hashed: true, salt };
}

function buildAchievement(input: AchievementInput): Achievement {
  requireUri(input.id, 'achievement.id');
  requireText(input.name, 'achievement.name');
  requireText(input.description, 'achievement.description');
  if (!input.criteria.narrative && !input.criteria.id) throw new TypeError('achievement.criteria needs a narrative or an id.');
  const criteria = { ...(input.criteria.id ? { id: requireUri(input.criteria.id, 'criteria.id') } : {}), ...(input.criteria.narrative ? { narrative: input.criteria.narrative } : {}) };
  const achievement: Achievement = { id: input.id, type: ['Achievement'], name: input.name, description: input.description, criteria };
  if (input.image) achievement.image = buildImage(input.image);
  if (input.achievementType) achievement.achievementType = input.achievementType;
  if (input.alignment?.length) achievement.alignment = input.alignment.map((alignment) => ({ type: ['Alignment'], ...alignment }));
  if (input.resultDescription?.length) achievement.resultDescription = input.resultDescription.map(buildResultDescription);
  if (input.tag?.length) achievement.tag = [...input.tag];
  if (input.related?.length) achievement.related = input.related.map((related) => ({ ...related, type: ['Related'] }));
  if (input.creator) achievement.creator = buildProfile(input.creator, 'achievement.creator');
  if (input.inLanguage) achievement.inLanguage = input.inLanguage;
  if (input.version) achievement.version = input.version;
  return achievement;
}

function buildResultDescription(input: ResultDescriptionInput): ResultDescription {
  requireUri(input.id, 'resultDescription.id');
  const { rubricCriterionLevel, ...rest } = input;
  const description: ResultDescription = { ...rest, type: ['ResultDescription'] };
  if (rubricCriterionLevel?.length) {
    description.rubricCriterionLevel = rubricCriterionLevel.map((level) => ({ ...level, id: requireUri(level.id, 'rubricCriterionLevel.id'), type: ['RubricCriterionLevel'] }));
  }
  return description;
}

function buildResult(input: ResultInput, achievement: Achievement): Result {
  const result: Result = { type: ['Result'], ...input };
  if (input.resultDescription === undefined) return result;
  const description = achievement.resultDescription?.find((candidate) => candidate.id === input.resultDescription);
  if (!description) throw new TypeError(`Result refers to an unknown result description: ${input.resultDescription}`);
  if (input.achievedLevel !== undefined && !description.rubricCriterionLevel?.some((level) => level.id === input.achievedLevel)) {
    throw new TypeError(`Result refers to an unknown level: ${input.achievedLevel}`);
  }
  return result;
}

function buildProfile(input: ProfileInput, path: string): Profile {
  requireUri(input.id, `${path}.id`);
  requireText(input.name, `${path}.name`);
  const profile: Profile = { id: input.id, type: ['Profile'], name: input.name };
  if (input.url) profile.url = requireUri(input.url, `${path}.url`);
  if (input.email) profile.email = input.email;
  if (input.description) profile.description = input.description;
  if (input.image) profile.image = buildImage(input.image);
  return profile;
}

function buildImage(input: string | ImageInput): Image {
  const image = typeof input === 'string' ? { id: input } : input;
  return { id: requireUri(image.id, 'image.id'), type: 'Image', ...(image.caption ? { caption: image.caption } : {}) };
}

function buildStatus(input: CredentialStatusInput): CredentialStatus {
  if (input.type === '1EdTechRevocationList') return { id: requireUri(input.id, 'credentialStatus.id'), type: '1EdTechRevocationList' };
  const index = input.statusListIndex;
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError('statusListIndex must be a non-negative integer.');
  const list = requireUri(input.statusListCredential, 'statusListCredential');
  return {
    id: `${list}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: input.statusPurpose ?? 'revocation',
    statusListIndex: String(index),
    statusListCredential: list,
  };
}

/** An XML Schema dateTime with a time zone, without milliseconds when they are zero. */
export function dateTime(value: Date | string, path: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`${path} is not a valid date.`);
  return date.toISOString().replace('.000Z', 'Z');
}

function requireUri(value: string, path: string): string {
  if (typeof value !== 'string' || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(value)) throw new TypeError(`${path} must be a URI.`);
  return value;
}

function requireText(value: string, path: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${path} is required.`);
}

export interface BuildEndorsementInput {
  id: string;
  issuer: ProfileInput;
  validFrom: Date | string;
  validUntil?: Date | string;
  name: string;
  description?: string;
  /** What is endorsed: an Achievement, a Profile or a credential, by its id (a URI). */
  subjectId: string;
  /** The endorser's words. */
  comment?: string;
  /** Where a withdrawal of the endorsement is published (the endorser's status list). */
  credentialStatus?: CredentialStatusInput;
}

/** Builds an unsigned OB 3.0 EndorsementCredential (its subject an EndorsementSubject). */
export function buildEndorsementCredential(input: BuildEndorsementInput): EndorsementCredential {
  requireUri(input.id, 'id');
  requireText(input.name, 'name');
  const credential: EndorsementCredential = {
    '@context': [VC_V2_CONTEXT, OB_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: input.name,
    issuer: buildProfile(input.issuer, 'issuer'),
    validFrom: dateTime(input.validFrom, 'validFrom'),
    credentialSubject: {
      id: requireUri(input.subjectId, 'credentialSubject.id'),
      type: ['EndorsementSubject'],
      ...(input.comment ? { endorsementComment: input.comment } : {}),
    },
  };
  if (input.description) credential.description = input.description;
  if (input.validUntil !== undefined) credential.validUntil = dateTime(input.validUntil, 'validUntil');
  if (input.credentialStatus) {
    if (input.credentialStatus.type === '1EdTechRevocationList') throw new TypeError('An endorsement takes a BitstringStatusListEntry.');
    credential.credentialStatus = buildStatus(input.credentialStatus);
  }
  return JSON.parse(JSON.stringify(credential)) as EndorsementCredential;
}
