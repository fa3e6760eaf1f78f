// The e-mail addresses section of /account: list with status and actions, and a form to add one.
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import type { View } from '../../web/view';
import type { EmailAddress } from '../accounts';
import type { FormState } from '../form-state';

function EmailAction(props: { v: View; action: string; email: string; label: string; danger?: boolean }) {
  return (
    <Form v={props.v} action={props.action} class="inline">
      <input type="hidden" name="email" value={props.email} />
      <button
        type="submit"
        class={props.danger ? 'button small danger' : 'button small secondary'}
        aria-label={`${props.label} — ${props.email}`}
      >
        {props.label}
      </button>
    </Form>
  );
}

export function EmailsSection(props: { v: View; emails: EmailAddress[]; state: FormState }) {
  const { v, state } = props;
  return (
    <section class="card" aria-labelledby="emails-heading">
      <h2 id="emails-heading">{v.t('accounts.account.emails')}</h2>
      <p class="muted">{v.t('accounts.emails.intro')}</p>
      <ErrorSummary v={v} errors={state.errors} message={state.message} />
      <div class="table-wrap">
        <table>
          <caption class="muted">{v.t('accounts.emails.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{v.t('accounts.field.email')}</th>
              <th scope="col">{v.t('accounts.emails.status')}</th>
              <th scope="col">{v.t('accounts.emails.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.emails.map((e) => (
              <tr key={e.email}>
                <td>{e.email}</td>
                <td>
                  {e.primary && <span class="badge-tag">{v.t('accounts.emails.primary')}</span>}
                  <span class="badge-tag">{v.t(e.verified ? 'accounts.emails.verified' : 'accounts.emails.unverified')}</span>
                </td>
                <td>
                  <div class="actions">
                    {e.verified && !e.primary && (
                      <EmailAction v={v} action="/account/emails/primary" email={e.email} label={v.t('accounts.emails.makePrimary')} />
                    )}
                    {!e.verified && (
                      <EmailAction v={v} action="/account/emails/resend" email={e.email} label={v.t('accounts.emails.resend')} />
                    )}
                    {!e.primary && (
                      <EmailAction v={v} action="/account/emails/remove" email={e.email} label={v.t('accounts.emails.remove')} danger />
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{v.t('accounts.emails.addHeading')}</h3>
      <Form v={v} action="/account/emails">
        <Field
          v={v}
          name="email"
          type="email"
          label={v.t('accounts.emails.newAddress')}
          hint={v.t('accounts.emails.addHint')}
          value={state.values?.email}
          errors={state.errors}
          autocomplete="email"
          required
        />
        <Submit>{v.t('accounts.emails.add')}</Submit>
      </Form>
    </section>
  );
}
