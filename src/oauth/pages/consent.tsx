// The consent page of the OAuth 2.0 authorization endpoint: who asks, for what (each scope in plain
// words), where the browser goes next; Allow or Deny, a plain form (no JavaScript), CSRF protected.
import { Form } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { type AuthorizationRequest, authorizationParams, scopeName } from '../oauth';
import type { MessageKey } from '../../i18n';

export function scopeLabel(v: View, scope: string): string {
  return v.t(`oauth.scope.${scopeName(scope)}` as MessageKey);
}

export function ConsentPage(props: { v: View; request: AuthorizationRequest }) {
  const { v, request } = props;
  const { client } = request;
  const fields = authorizationParams(request);
  return (
    <Layout v={v} title={v.t('oauth.authorize.title')}>
      <section class="card stack" aria-labelledby="consent-heading">
        <img class="org-logo" src={client.logoUri} alt={v.t('oauth.authorize.logo', { name: client.name })} referrerpolicy="no-referrer" />
        <h1 id="consent-heading">{v.t('oauth.authorize.title')}</h1>
        <p class="lead">{v.t('oauth.authorize.intro', { name: client.name, app: v.t('app.name') })}</p>
        {v.user && <p class="muted">{v.t('oauth.authorize.signedInAs', { name: v.user.displayName })}</p>}
        <h2>{v.t('oauth.authorize.scopesHeading')}</h2>
        <ul>
          {request.scopes.map((s) => (
            <li key={s}>{scopeLabel(v, s)}</li>
          ))}
        </ul>
        <h2>{v.t('oauth.authorize.aboutHeading')}</h2>
        <ul>
          <li>
            <a href={client.clientUri} rel="noopener noreferrer">
              {v.t('oauth.authorize.site')}
            </a>
          </li>
          <li>
            <a href={client.tosUri} rel="noopener noreferrer">
              {v.t('oauth.authorize.tos')}
            </a>
          </li>
          <li>
            <a href={client.policyUri} rel="noopener noreferrer">
              {v.t('oauth.authorize.policy')}
            </a>
          </li>
        </ul>
        <p>{v.t('oauth.authorize.redirect', { host: new URL(request.redirectUri).host })}</p>
        <p class="muted">{v.t('oauth.authorize.revokeLater')}</p>
        <Form v={v} action="/oauth/authorize" class="actions">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" name="decision" value="allow" class="button">
            {v.t('oauth.authorize.allow')}
          </button>
          <button type="submit" name="decision" value="deny" class="button secondary">
            {v.t('oauth.authorize.deny')}
          </button>
        </Form>
      </section>
    </Layout>
  );
}
