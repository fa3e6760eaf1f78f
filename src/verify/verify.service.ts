// Verification for anyone, without an account: reads what was handed in (a file's bytes, pasted
// text, a JSON credential, or a URL), builds the document loader of this one verification (bundled
// contexts, this platform's documents locally, other issuers' through the outbound fetcher) and runs
// the credentials library. Shared by the /verify pages, POST /api/v1/verify and the CLI.
import { createDocumentLoader, isRecord, readCredentialInput, verifyCredential, type DocumentLoader, type JsonRecord, type KnownRecipient } from '../credentials';
import { ob2Documents } from '../awards/ob2.service';
import type { Deps } from '../platform/deps';
import { createOutboundFetcher, type FetchFailure, type OutboundFetcher } from './fetcher';
import { readOb2Input } from './ob2';
import { verifyOb2 } from './ob2.service';
import { localDocument, organizationDocuments, verificationResolver, type LocalDocumentProvider } from './resolver';
import {
  contextUrlsOf,
  isOwnUrl,
  parseRecipient,
  reportOf,
  unusableReport,
  type InputCode,
  type PublishedEndorsement,
  type VerifyInput,
  type VerifyReport,
} from './verify';

/** What verification needs beyond Deps: the way out to the network, and who answers our own URLs. */
export interface VerifyServices {
  readonly fetcher: OutboundFetcher;
  /** Asked in order for URLs under BASE_URL and did:web DIDs of this host; organisations' DIDs first. */
  readonly providers: readonly LocalDocumentProvider[];
}

export interface VerifyServicesOptions {
  /** Defaults to the production fetcher (global fetch, https only, 5 s, 1 MB). */
  fetcher?: OutboundFetcher;
  /** Other modules' answers for their URLs (status lists, credentials…), after the organisations' DID documents. */
  providers?: readonly LocalDocumentProvider[];
}

export function createVerifyServices(options: VerifyServicesOptions = {}): VerifyServices {
  return Object.freeze({
    fetcher: options.fetcher ?? createOutboundFetcher(),
    providers: Object.freeze([organizationDocuments, ob2Documents, ...(options.providers ?? [])]),
  });
}

export interface VerifyBadgeOptions {
  /** The expected holder: an e-mail address (compared with the hashed identity) or an id (DID, URL). */
  recipient?: string | undefined;
  /**
   * The holder's addresses, any of which may be the recipient (the importing person's verified
   * e-mails); `recipient` counts as one.
   */
  recipients?: readonly string[] | undefined;
  /**
   * The badge must be awarded to one of `recipients` even when there are none (an import by a
   * person who has no verified address yet must not pass the recipient check).
   */
  requireRecipient?: boolean | undefined;
}

/** Verifies what a person handed in; never throws for bad input (the report says what is wrong). */
export async function verifyBadge(deps: Deps, services: VerifyServices, input: VerifyInput, options: VerifyBadgeOptions = {}): Promise<VerifyReport> {
  return (await verifyAndRead(deps, services, input, options)).report;
}

/** What was read besides the report: the credential (a JWT's payload), its compact JWT, its format. */
export interface ReadCredential {
  credential: JsonRecord;
  jwt: string | undefined;
  format: string;
}

/**
 * verifyBadge, also giving the credential read (for whoever keeps it: the backpack's import). An
 * Open Badges 2.0 assertion (ob2.ts) is verified by the OB 2.0 rules (ob2.service.ts), others by
 * the credentials library.
 */
export async function verifyAndRead(
  deps: Deps,
  services: VerifyServices,
  input: VerifyInput,
  options: VerifyBadgeOptions = {},
): Promise<{ report: VerifyReport; read?: ReadCredential }> {
  let subject: unknown;
  let source: { url: string } | undefined;
  switch (input.kind) {
    case 'url': {
      const loaded = await loadUrl(deps, services, input.url);
      // An Open Badges 2.0 hosted assertion answers 410 Gone once revoked: that is a verdict, not an unusable input.
      if (!loaded.ok && loaded.status === 410 && loaded.source) return verifyOb2(deps, services, { format: 'json', url: loaded.source.url }, ob2Options(options, loaded.source));
      if (!loaded.ok) return { report: unusableReport(loaded.code, loaded.detail, loaded.source) };
      subject = loaded.value;
      source = loaded.source;
      break;
    }
    case 'bytes':
      if (input.bytes.byteLength === 0) return { report: unusableReport('input.empty') };
      subject = input.bytes;
      break;
    case 'text':
      if (input.text.trim() === '') return { report: unusableReport('input.empty') };
      subject = input.text;
      break;
    case 'object':
      subject = input.value;
      break;
  }
  const ob2 = readOb2Input(subject);
  if (ob2) {
    return verifyOb2(deps, services, ob2, ob2Options(options, source));
  }
  const read = readCredentialInput(subject);
  const resolve = verificationResolver({
    deps,
    fetcher: services.fetcher,
    providers: services.providers,
    denied: read.credential ? credentialContexts(read.credential) : new Set(),
  });
  const recipients = holderAddresses(options).map(parseRecipient).filter((r): r is KnownRecipient => r !== undefined);
  const documentLoader = createDocumentLoader({ resolve });
  const now = deps.clock.now();
  const result = await verifyCredential(subject, { documentLoader, now, ...(recipients.length > 0 || options.requireRecipient ? { recipient: recipients } : {}) });
  const published = result.credential && !result.checks.some((c) => c.skipped) ? await publishedEndorsements(deps, services, result.credential, documentLoader, now) : [];
  const report = reportOf(result, source, published);
  return read.credential ? { report, read: { credential: read.credential, jwt: read.jwt?.compact, format: read.format ?? 'json' } } : { report };
}

/** Most endorsements checked from each place they are published. */
const MAX_PUBLISHED_ENDORSEMENTS = 20;

/**
 * Endorsements published on this platform about the credential: those of its badge (the
 * Achievement document) and those its earner shows with it (open recognition), read locally. Each
 * is verified as an EndorsementCredential whose subject is that badge, or that credential. They do
 * not change the credential's own checks.
 */
async function publishedEndorsements(deps: Deps, services: VerifyServices, credential: JsonRecord, documentLoader: DocumentLoader, now: Date): Promise<PublishedEndorsement[]> {
  const subject = [credential.credentialSubject].flat().find(isRecord);
  const achievementId = isRecord(subject?.achievement) ? subject.achievement.id : undefined;
  const places: { url: string; about: string; source: PublishedEndorsement['source'] }[] = [];
  if (typeof achievementId === 'string' && isOwnUrl(deps.config.baseUrl, achievementId)) {
    const badge = achievementId.split('?')[0]!;
    places.push({ url: badge, about: badge, source: 'badge' });
  }
  if (typeof credential.id === 'string' && isOwnUrl(deps.config.baseUrl, credential.id))
    places.push({ url: `${credential.id}/endorsements`, about: credential.id, source: 'earner' });
  const out: PublishedEndorsement[] = [];
  for (const place of places) {
    const document = await localDocument(deps, services.providers, place.url);
    if (!isRecord(document)) continue;
    for (const endorsement of [document.endorsement].flat().filter(isRecord).slice(0, MAX_PUBLISHED_ENDORSEMENTS)) {
      const result = await verifyCredential(endorsement, { documentLoader, now });
      const about = [endorsement.credentialSubject].flat().find(isRecord)?.id;
      const isEndorsement = [endorsement.type].flat().includes('EndorsementCredential');
      out.push({ result: { ...result, valid: result.valid && isEndorsement && about === place.about }, source: place.source });
    }
  }
  return out;
}

/** The contexts of a credential and of the endorsements it embeds as JWTs. */
function credentialContexts(credential: JsonRecord): Set<string> {
  const found = contextUrlsOf(credential);
  const jwts: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth > 32 || node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'endorsementJwt') jwts.push(...[value].flat().filter((v): v is string => typeof v === 'string'));
      else walk(value, depth + 1);
    }
  };
  walk(credential, 0);
  for (const jwt of jwts.slice(0, 50)) {
    const endorsement = readCredentialInput(jwt).credential;
    if (endorsement) contextUrlsOf(endorsement, found);
  }
  return found;
}

const FAILURE_CODES: Record<FetchFailure, InputCode> = {
  invalid_url: 'input.url_invalid',
  refused: 'input.url_refused',
  not_found: 'input.url_not_found',
  unreachable: 'input.url_unreachable',
  timeout: 'input.url_unreachable',
  too_large: 'input.url_too_large',
  unsupported_type: 'input.url_unsupported_type',
};

/** The expected holder's addresses (or ids): `recipients` and `recipient`, trimmed, empty ones left out. */
function holderAddresses(options: VerifyBadgeOptions): string[] {
  return [...(options.recipients ?? []), options.recipient].map((r) => r?.trim() ?? '').filter((r) => r !== '');
}

/** What the Open Badges 2.0 verifier is told of the expected holder. */
function ob2Options(options: VerifyBadgeOptions, source: { url: string } | undefined) {
  return { recipients: holderAddresses(options), requireRecipient: options.requireRecipient, source };
}

type Loaded =
  | { ok: true; value: unknown; source: { url: string } }
  | { ok: false; code: InputCode; detail?: string; source?: { url: string }; status?: number };

/** A credential given by URL: ours answered locally, others fetched (https only). */
async function loadUrl(deps: Deps, services: VerifyServices, raw: string): Promise<Loaded> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, code: 'input.url_invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, code: 'input.url_invalid' };
  url.hash = '';
  const source = { url: url.href };
  if (isOwnUrl(deps.config.baseUrl, url.href)) {
    const value = await localDocument(deps, services.providers, url.href);
    return value === undefined ? { ok: false, code: 'input.url_not_found', source } : { ok: true, value, source };
  }
  const outcome = await services.fetcher.get(url.href, 'credential');
  if (outcome.ok) return { ok: true, value: outcome.body, source };
  return { ok: false, code: FAILURE_CODES[outcome.reason], detail: outcome.detail, source, ...(outcome.status === undefined ? {} : { status: outcome.status }) };
}
