// What follows a decision, settled idempotently (at once by the deciding request, and by the
// `applications.decided` job whatever happened to it): on acceptance the credential is issued
// (once: the application row is locked and its credential_id checked), then the applicant is told
// by mail, and a new holder of a holders-reviewed badge is sent what awaits their verdict.
import { insertCredential } from '../awards/awards.repository';
import { issuingContext, newCredentialRow, planAward, resolveRecipient, signPlanned } from '../awards/awards.service';
import { settleNetworkApplication } from '../networks/mappings';
import { enqueueRuleEvaluation } from '../rules/triggers';
import { enqueueCredentialEvents } from '../integrations/integrations.repository';
import { credentialUrl } from '../awards/awards';
import { translator } from '../i18n';
import { enqueueMailOnce } from '../mail/mail.service';
import type { Deps } from '../platform/deps';
import { applicationPath } from './applications';
import { badgeOfRow } from './access.service';
import { type ApplicationRow, findApplicationById, listVerdicts, lockApplicationById, setCredential } from './applications.repository';
import { mailContactOf } from './examiners.repository';
import { DIGEST_REFRESH } from './notify';
import { badgeName } from './reviews.service';

/** Settles a decided application; returns the public id of its credential (accepted) or null. */
export async function settleDecision(deps: Deps, applicationId: string): Promise<string | null> {
  const row = await findApplicationById(deps.db, applicationId);
  if (!row || (row.status !== 'accepted' && row.status !== 'refused')) return null;
  const credentialId = row.status === 'accepted' ? await issueForApplication(deps, row) : null;
  // A network's participant application: its mapping proposals become active (or declined).
  await settleNetworkApplication(deps, row);
  const badge = await badgeOfRow(deps, row);
  const contact = await mailContactOf(deps.db, row.applicant_id);
  if (!contact) return credentialId;
  const verdicts = await listVerdicts(deps.db, row.id);
  const t = translator(contact.locale);
  await deps.db.transaction().execute(async (trx) => {
    await enqueueMailOnce(
      trx,
      {
        to: contact.email,
        locale: contact.locale,
        template: 'applications.decided',
        params: {
          badge: badgeName(badge, contact.locale),
          decision: row.status,
          url: `${deps.config.baseUrl}${applicationPath(row.public_id)}`,
          comments: verdicts
            .filter((v) => v.comment)
            .map((v) => `${t(v.verdict === 'yes' ? 'applications.verdict.yes' : 'applications.verdict.no')} — ${v.comment}`)
            .join('\n'),
          credentialUrl: credentialId ? `${deps.config.baseUrl}/credentials/${credentialId}` : '',
        },
      },
      { dedupeKey: `application-decision-mail:${row.id}` },
    );
    // The new holder examines the badge from now on: tell them what awaits a verdict already.
    if (row.status === 'accepted' && row.review_mode === 'holders')
      await enqueueMailOnce(
        trx,
        {
          to: contact.email,
          locale: contact.locale,
          template: 'applications.digest',
          params: { welcome: badgeName(badge, contact.locale), count: '', items: '', url: `${deps.config.baseUrl}/reviews` },
          refresh: { name: DIGEST_REFRESH, args: { user: row.applicant_id } },
        },
        { dedupeKey: `application-new-examiner:${row.id}` },
      );
  });
  return credentialId;
}

/** Issues the credential of an accepted application, once; returns its public id. */
async function issueForApplication(deps: Deps, row: ApplicationRow): Promise<string> {
  const existing = await credentialPublicId(deps, row.credential_id);
  if (existing) return existing;
  const badge = await badgeOfRow(deps, row);
  const ctx = await issuingContext(deps, badge);
  const now = deps.clock.now();
  const applicant = await deps.db.selectFrom('users').select('display_name').where('id', '=', row.applicant_id).executeTakeFirstOrThrow();
  const organization = row.organization_id
    ? await deps.db.selectFrom('organizations').select('slug').where('id', '=', row.organization_id).executeTakeFirstOrThrow()
    : null;
  const recipient = organization
    ? await resolveRecipient(deps, { organization: organization.slug })
    : await resolveRecipient(deps, { email: row.recipient_email!, name: applicant.display_name });
  const verdicts = await listVerdicts(deps.db, row.id);
  const yes = verdicts.filter((v) => v.verdict === 'yes').length;
  const t = translator(badge.achievement.inLanguage);
  const plan = planAward(
    ctx,
    {
      recipient: {},
      level: row.level ?? undefined,
      evidence: [
        {
          id: `${deps.config.baseUrl}${applicationPath(row.public_id)}`,
          name: t('applications.evidence.name'),
          ...(row.narrative ? { narrative: row.narrative.slice(0, 5000) } : {}),
          description: t(`applications.evidence.review.${row.review_mode ?? 'staff'}`, { yes, total: verdicts.length, quorum: row.quorum ?? 1 }),
        },
        ...(row.links as { url: string }[]).map((l) => l.url),
        // A renewal points to the credential it renews (which stays valid until its own end).
        ...(await renewedEvidence(deps, row, t('applications.evidence.renews'))),
      ],
    },
    recipient,
    now,
  );
  const { award, signed } = await signPlanned(deps, ctx, plan, now);
  return deps.db.transaction().execute(async (trx) => {
    const locked = await lockApplicationById(trx, row.id);
    // Settled meanwhile by the other path: keep that credential (this signature is dropped).
    const already = await credentialPublicId({ ...deps, db: trx }, locked?.credential_id ?? null);
    if (already) return already;
    const credential = {
      ...newCredentialRow(ctx, award, signed, { tokenHash: null, issuedBy: null, now }),
      // The applicant asked for it: no claim step.
      state: 'accepted' as const,
      accepted_at: now,
    };
    const id = await insertCredential(trx, credential);
    await setCredential(trx, row.id, id, now);
    await enqueueRuleEvaluation(trx, [id]);
    await enqueueCredentialEvents(trx, 'credential.issued', [id], { baseUrl: deps.config.baseUrl, now, organizationId: ctx.organization.id });
    return award.publicId;
  });
}

async function credentialPublicId(deps: Pick<Deps, 'db'>, credentialId: string | null): Promise<string | null> {
  if (!credentialId) return null;
  const row = await deps.db.selectFrom('credentials').select('public_id').where('id', '=', credentialId).executeTakeFirst();
  return row?.public_id ?? null;
}

async function renewedEvidence(deps: Deps, row: ApplicationRow, name: string): Promise<{ id: string; name: string }[]> {
  const renewed = await credentialPublicId(deps, row.renews_credential_id);
  return renewed ? [{ id: credentialUrl(deps.config.baseUrl, renewed), name }] : [];
}
