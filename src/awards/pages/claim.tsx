// The page a claim link opens: the badge, its issuer and recipient, and Accept / Decline.
import { ErrorSummary } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { type Credential, credentialPath } from '../awards';
import { CredentialImage, PostButton, RecipientLabel, StatusText, formatDate } from './common';

export function ClaimPage(props: { v: View; token: string; c: Credential; now: Date; message?: string | undefined }) {
  const { v, c } = props;
  const here = `/claim/${encodeURIComponent(props.token)}`;
  return (
    <Layout v={v} title={v.t('awards.claim.title', { badge: c.badgeName })}>
      <CredentialImage c={c} size={160} alt="" />
      <h1>{v.t('awards.claim.title', { badge: c.badgeName })}</h1>
      <ErrorSummary v={v} message={props.message} />
      <dl>
        <dt>{v.t('awards.page.issuer')}</dt>
        <dd>{c.organizationName}</dd>
        <dt>{v.t('awards.page.recipient')}</dt>
        <dd>
          <RecipientLabel v={v} c={c} />
        </dd>
        <dt>{v.t('awards.page.issuedOn')}</dt>
        <dd>{formatDate(v.locale, c.validFrom)}</dd>
        <dt>{v.t('awards.page.status')}</dt>
        <dd>
          <StatusText v={v} c={c} now={props.now} />
        </dd>
      </dl>
      {c.state === 'pending' && (
        <>
          <p id="claim-help">{v.t('awards.claim.help')}</p>
          <p class="actions">
            <PostButton v={v} action={`${here}/accept`} label={v.t('awards.claim.accept')} describedBy="claim-help" />
            <PostButton v={v} action={`${here}/decline`} label={v.t('awards.claim.decline')} secondary />
          </p>
        </>
      )}
      {c.state === 'accepted' && (
        <p class="lead">
          {v.t('awards.claim.accepted')} <a href={credentialPath(c.publicId)}>{v.t('awards.claim.see')}</a>
        </p>
      )}
      {c.state === 'declined' && <p class="lead">{v.t('awards.claim.declined')}</p>}
      {!v.user && c.recipient.kind === 'email' && <p class="muted">{v.t('awards.claim.account')}</p>}
    </Layout>
  );
}
