// Blason's credentials core: build, sign, bake, verify and revoke Open Badges 3.0 credentials.
// A library with no database and no HTTP: contexts are bundled, every document it needs (DID
// documents, keys, status lists) comes from the caller through the document loader, and the proof
// kinds it accepts are explicit. Modelled on digitalbazaar/vc: everything that varies is passed in.
export { bakePng, isPng, readPngCredential, readPngText } from './bake-png';
export { bakeSvg, isSvg, readSvgAssertion, readSvgCredential } from './bake-svg';
export {
  buildEndorsementCredential,
  buildOpenBadgeCredential,
  hashIdentity,
  hashedEmailIdentity,
  newSalt,
  type AchievementInput,
  type AlignmentInput,
  type BuildCredentialInput,
  type BuildEndorsementInput,
  type CredentialStatusInput,
  type EvidenceInput,
  type ImageInput,
  type LevelInput,
  type ProfileInput,
  type RecipientInput,
  type ResultDescriptionInput,
  type ResultInput,
} from './build';
export { ALL_PROOF_KINDS, type ProofKind } from './checks-proof';
export { recipientMatches, type KnownRecipient } from './checks-structure';
export { buildDidWebDocument, buildJwks, didWeb, didWebDocumentUrl, type DidDocument, type PublishedKey } from './did-documents';
export {
  controlledSigningKey,
  decryptPrivateKey,
  didKeyOf,
  didKeySigningKey,
  encryptPrivateKey,
  generateKeyPair,
  publicKeyJwk,
  type Ed25519KeyPair,
  type Ed25519PublicJwk,
  type SigningKey,
} from './keys';
export {
  bundledContextUrls,
  contextLoader,
  createDocumentLoader,
  DocumentNotFoundError,
  type DocumentLoader,
  type DocumentLoaderOptions,
  type DocumentResolver,
  type DocumentSource,
} from './loader';
export { installJsonLdSpeed, JSONLD_VERSION_CHECKED, jsonLdSpeedInstalled } from './jsonld-speed';
export * from './model';
export { CHECK_ORDER, MESSAGES, type CheckId, type CheckResult, type InputFormat, type Problem, type ProblemCode, type VerificationResult } from './results';
export { jwtClaimsOf, prepareSigningKey, signDataIntegrity, signJwt, type PreparedSigningKey, type SignedCredential } from './sign';
export {
  buildRevocationList,
  buildStatusListCredential,
  createStatusBits,
  decodeStatusBits,
  encodeStatusBits,
  isRevoked,
  isRevokedInList,
  MIN_STATUS_LIST_LENGTH,
  readStatusListCredential,
  setRevoked,
  type RevocationList,
  type StatusBits,
  type StatusListCredentialInput,
} from './status-list';
export { readCredentialInput, type ReadInput } from './read';
export { verifyCredential, type VerifyOptions } from './verify';
