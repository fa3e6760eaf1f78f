// Use cases of the W3C VC API. Issue: an organisation API token (scope credentials:issue) has an
// unsigned credential signed as its organisation (eddsa-rdfc-2022, the organisation's did:web or
// did:key, the same signer as every award). Such credentials are not stored: they are whatever the
// caller made them (no badge, no recipient we know, no status entry), so the caller keeps them; to
// award a badge that the platform keeps, revokes and shows, use POST /api/v1/badges/{id}/credentials
// with the same token. Verify: anyone, with the verifier of /verify.
import { signDataIntegrity, type JsonRecord } from '../credentials';
import { AppError, fail } from '../errors';
import type { Locale, Translate } from '../i18n';
import { issuerIdentity } from '../issuers/issuers.service';
import { organizationUrl } from '../organizations/organizations';
import { getOrganization } from '../organizations/organizations.service';
import type { Deps } from '../platform/deps';
import { presentReport } from '../verify/present';
import type { VerifyServices } from '../verify/verify.service';
import { verifyAndRead } from '../verify/verify.service';
import { type OrgTokenPrincipal, requireScope } from './integrations';
import { type VcApiVerification, credentialProblems, isOpenBadge, vcApiVerification, withIssuer } from './vcapi';

/** Signs the credential of `POST /credentials/issue` as the token's organisation. */
export async function issueWithToken(deps: Deps, principal: OrgTokenPrincipal, body: unknown): Promise<JsonRecord> {
  requireScope(principal, 'credentials:issue');
  const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (input.options !== undefined && (typeof input.options !== 'object' || input.options === null || Array.isArray(input.options)))
    throw fail.field('options', 'vcapi.options.invalid');
  const problems = credentialProblems(input.credential);
  if (Object.keys(problems).length) throw fail.validation(problems);
  const organization = await getOrganization(deps, principal.organizationSlug);
  const { key, profile } = await issuerIdentity(deps, organization);
  const credential = withIssuer(input.credential as JsonRecord, {
    id: profile.id,
    name: organization.name,
    url: organization.url ?? organizationUrl(deps.config.baseUrl, organization.slug),
  });
  if (!credential) throw fail.field('credential.issuer', 'vcapi.issuer.other', { issuer: profile.id });
  try {
    return (await signDataIntegrity(credential, { key, created: deps.clock.now() })) as JsonRecord;
  } catch (error) {
    // JSON-LD refuses what it cannot expand (an unknown context, a term no context defines, a bad value).
    deps.log.info({ err: error }, 'VC API: credential not signable');
    throw new AppError('validation', 'vcapi.credential.unsignable', { detail: error instanceof Error ? error.message.slice(0, 300) : String(error) });
  }
}

/** `POST /credentials/verify`: the verification and whether the HTTP answer is 200 (verified) or 400. */
export async function verifyForVcApi(deps: Deps, services: VerifyServices, body: unknown, t: Translate, locale: Locale): Promise<VcApiVerification> {
  const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const given = input.verifiableCredential;
  if (!((typeof given === 'object' && given !== null && !Array.isArray(given)) || (typeof given === 'string' && given.trim() !== ''))) {
    return { verified: false, checks: [], warnings: [], errors: [{ code: 'input.required', message: t('vcapi.verify.required'), path: 'verifiableCredential' }] };
  }
  const { report, read } = await verifyAndRead(deps, services, typeof given === 'string' ? { kind: 'text', text: given } : { kind: 'object', value: given as JsonRecord });
  // What could not be read at all is not let off as a plain VC: its unreadability is the error.
  return vcApiVerification(presentReport(report, t, locale), !read?.credential || isOpenBadge(read.credential));
}
