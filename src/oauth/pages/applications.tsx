// The account's "Authorised applications": each client a person let use the OB 3.0 API, what it
// may do, when; a button withdraws its access. And the terms and privacy page discovery names.
import { Form } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { AuthorisedApplication } from '../oauth';
import { scopeLabel } from './consent';

function formatDate(v: View, date: Date): string {
  return new Intl.DateTimeFormat(v.locale, { dateStyle: 'medium' }).format(date);
}

export function ApplicationsPage(props: { v: View; applications: AuthorisedApplication[] }) {
  const { v, applications } = props;
  return (
    <Layout v={v} title={v.t('oauth.applications.title')}>
      <h1>{v.t('oauth.applications.title')}</h1>
      <p class="lead">{v.t('oauth.applications.intro')}</p>
      {applications.length === 0 ? (
        <p>{v.t('oauth.applications.none')}</p>
      ) : (
        <ul class="stack">
          {applications.map((a) => (
            <li key={a.client.clientId} class="card">
              <h2>
                <a href={a.client.clientUri} rel="noopener noreferrer">
                  {a.client.name}
                </a>
              </h2>
              <p class="muted">
                {v.t('oauth.applications.authorisedAt', { date: formatDate(v, a.authorisedAt) })}
                {a.lastUsedAt && <>, {v.t('oauth.applications.lastUsedAt', { date: formatDate(v, a.lastUsedAt) })}</>}
              </p>
              <ul>
                {a.scopes.map((s) => (
                  <li key={s}>{scopeLabel(v, s)}</li>
                ))}
              </ul>
              <Form v={v} action="/account/connected-apps/revoke" class="inline">
                <input type="hidden" name="client_id" value={a.client.clientId} />
                <button type="submit" class="button small danger" aria-label={`${v.t('oauth.applications.revoke')} — ${a.client.name}`}>
                  {v.t('oauth.applications.revoke')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function PolicyPage(props: { v: View }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('oauth.policy.title')}>
      <h1>{v.t('oauth.policy.title')}</h1>
      <h2 id="terms">{v.t('oauth.policy.terms')}</h2>
      <p>{v.t('oauth.policy.termsText')}</p>
      <h2 id="privacy">{v.t('oauth.policy.privacy')}</h2>
      <p>{v.t('oauth.policy.privacyText')}</p>
    </Layout>
  );
}
