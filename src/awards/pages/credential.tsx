// The public page of an awarded badge: what it is, who issued it, to whom (never the address to the
// public), its dates and status, its downloads and a link to verify it; for the issuer's staff, the
// address, the state of the claim and the revoke form.
import type { ComponentChildren } from 'preact';
import { Paragraphs } from '../../badges/pages/common';
import { ErrorSummary, Field, Form } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import { type Credential, credentialPath, credentialStatus, REASON_MAX } from '../awards';
import { CredentialImage, RecipientLabel, StateTag, StatusText, formatDate } from './common';

export interface CredentialPageProps {
  v: View;
  c: Credential;
  url: string;
  now: Date;
  /** Issuer staff: sees the address and the claim state. */
  staff: boolean;
  canRevoke: boolean;
  errors?: FormErrors | undefined;
  reason?: string | undefined;
  /** What other modules show with the credential (its endorsements). */
  extra?: ComponentChildren;
  /** Its evidence is listed: to its earner and the issuer's staff, and to everyone once the earner shows it. */
  showEvidence?: boolean;
  /** Tags of the page's head (what social networks show of a shared link). */
  head?: ComponentChildren;
}

export function CredentialPage(props: CredentialPageProps) {
  const { v, c } = props;
  const status = credentialStatus(c, props.now);
  const here = credentialPath(c.publicId);
  return (
    <Layout v={v} title={c.badgeName} head={props.head}>
      <article class="card">
        <CredentialImage c={c} size={200} alt={v.t('awards.page.imageAlt', { name: c.badgeName })} />
        <h1 style="margin-top:.5rem">{c.badgeName}</h1>
        <p class={status === 'active' ? 'flash' : 'error-summary'} role="status" id="credential-status">
          <StatusText v={v} c={c} now={props.now} />
        </p>
        <dl>
          <dt>{v.t('awards.page.issuer')}</dt>
          <dd>
            <a href={`/organizations/${encodeURIComponent(c.organizationSlug)}`}>{c.organizationName}</a>
          </dd>
          <dt>{v.t('awards.page.recipient')}</dt>
          <dd>
            <PublicRecipient v={v} c={c} staff={props.staff} />
          </dd>
          <dt>{v.t('awards.page.issuedOn')}</dt>
          <dd>{formatDate(v.locale, c.validFrom)}</dd>
          <dt>{v.t('awards.page.validUntil')}</dt>
          <dd>{c.validUntil ? formatDate(v.locale, c.validUntil) : v.t('awards.page.noExpiry')}</dd>
          {c.level && (
            <>
              <dt>{v.t('awards.page.level')}</dt>
              <dd>{c.level}</dd>
            </>
          )}
          {props.staff && (
            <>
              <dt>{v.t('awards.page.state')}</dt>
              <dd>
                <StateTag v={v} state={c.state} />
              </dd>
            </>
          )}
        </dl>
        {c.narrative && (
          <>
            <h2>{v.t('awards.page.narrative')}</h2>
            <Paragraphs text={c.narrative} />
          </>
        )}
        {c.evidence.length > 0 && (c.basis || props.showEvidence) && (
          <>
            <h2>{v.t(c.basis ? 'rules.basis' : 'awards.page.evidence')}</h2>
            <ul>
              {c.evidence.map((e, i) => (
                <li key={i}>
                  {e.id ? (
                    <a href={e.id} rel="noopener nofollow ugc">
                      {e.name ?? e.id}
                    </a>
                  ) : (
                    e.name && <strong>{e.name}</strong>
                  )}
                  {e.narrative && <span style="white-space:pre-line"> {e.narrative}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
        <p>
          <a href={`/badges/${encodeURIComponent(c.badgePublicId)}`}>{v.t('awards.page.aboutBadge')}</a>
        </p>
      </article>
      {props.extra}

      <section class="card" aria-labelledby="downloads-heading">
        <h2 id="downloads-heading" style="margin-top:0">
          {v.t('awards.page.downloads')}
        </h2>
        <ul>
          {(['pdf', 'png', 'svg', 'json', 'jwt', 'png2', ...(c.basis ? (['clr'] as const) : [])] as const).map((format) => (
            <li key={format}>
              <a href={`${here}?format=${format}`} download>
                {v.t(`awards.download.${format}`)}
              </a>
            </li>
          ))}
        </ul>
        <p>
          <a class="button secondary" href={`/verify?url=${encodeURIComponent(props.url)}`}>
            {v.t('awards.page.verify')}
          </a>
        </p>
      </section>

      {props.canRevoke && !c.revokedAt && (
        <section class="card" aria-labelledby="revoke-heading">
          <h2 id="revoke-heading" style="margin-top:0">
            {v.t('awards.revoke.heading')}
          </h2>
          <p class="muted">{v.t('awards.revoke.help')}</p>
          <ErrorSummary v={v} errors={props.errors} />
          <Form v={v} action={`${here}/revoke`}>
            <Field v={v} name="reason" label={v.t('awards.revoke.reason')} multiline required value={props.reason} errors={props.errors} hint={v.t('awards.revoke.reasonHint', { max: REASON_MAX })} />
            <button type="submit" class="button danger">
              {v.t('awards.revoke.submit')}
            </button>
          </Form>
        </section>
      )}
      {props.staff && (
        <p>
          <a href={`/badges/${encodeURIComponent(c.badgePublicId)}/credentials`}>{v.t('awards.page.allAwarded')}</a>
        </p>
      )}
    </Layout>
  );
}

/** The public sees a hashed address (and the name the issuer gave, if any); staff see the address. */
function PublicRecipient(props: { v: View; c: Credential; staff: boolean }) {
  const { v, c } = props;
  if (props.staff || c.recipient.kind === 'organization') return <RecipientLabel v={v} c={c} />;
  return (
    <>
      {c.recipient.name && <>{c.recipient.name} — </>}
      {v.t('awards.page.hashedEmail')}
    </>
  );
}
