// The personal API tokens section of /account: a new token shown once, the list, revocation.
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import type { View } from '../../web/view';
import type { ApiTokenInfo } from '../accounts';
import type { FormState } from '../form-state';

function formatDate(v: View, date: Date | null): string {
  return date ? new Intl.DateTimeFormat(v.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date) : v.t('accounts.tokens.never');
}

export function TokensSection(props: {
  v: View;
  tokens: ApiTokenInfo[];
  state: FormState;
  newToken?: { name: string; token: string } | undefined;
}) {
  const { v, state, newToken } = props;
  return (
    <section class="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{v.t('accounts.account.tokens')}</h2>
      <p class="muted">{v.t('accounts.tokens.intro')}</p>
      <p>
        <a href="/account/connected-apps">{v.t('oauth.applications.link')}</a>
      </p>
      {newToken && (
        <div class="card callout" role="status">
          <p>{v.t('accounts.tokens.created', { name: newToken.name })}</p>
          <code class="token">{newToken.token}</code>
        </div>
      )}
      <ErrorSummary v={v} errors={state.errors} message={state.message} />
      {props.tokens.length === 0 ? (
        <p>{v.t('accounts.tokens.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{v.t('accounts.tokens.name')}</th>
                <th scope="col">{v.t('accounts.tokens.createdAt')}</th>
                <th scope="col">{v.t('accounts.tokens.lastUsedAt')}</th>
                <th scope="col">{v.t('accounts.emails.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{formatDate(v, token.createdAt)}</td>
                  <td>{formatDate(v, token.lastUsedAt)}</td>
                  <td>
                    <Form v={v} action="/account/tokens/revoke" class="inline">
                      <input type="hidden" name="id" value={token.id} />
                      <button
                        type="submit"
                        class="button small danger"
                        aria-label={`${v.t('accounts.tokens.revoke')} — ${token.name}`}
                      >
                        {v.t('accounts.tokens.revoke')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{v.t('accounts.tokens.createHeading')}</h3>
      <Form v={v} action="/account/tokens">
        <Field
          v={v}
          name="name"
          label={v.t('accounts.tokens.name')}
          hint={v.t('accounts.tokens.nameHint')}
          value={newToken ? '' : state.values?.name}
          errors={state.errors}
          required
        />
        <Submit>{v.t('accounts.tokens.create')}</Submit>
      </Form>
    </section>
  );
}
