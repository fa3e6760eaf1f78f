// /signup and the page that follows it ("check your mail").
import { ErrorSummary, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { FormState } from '../form-state';
import { NewAccountFields } from './new-account-fields';

export function SignUpPage(props: { v: View; state: FormState; back: string }) {
  const { v, state } = props;
  return (
    <Layout v={v} title={v.t('accounts.signup.title')}>
      <h1>{v.t('accounts.signup.title')}</h1>
      <p class="lead">{v.t('accounts.signup.intro')}</p>
      <section class="card">
        <Form v={v} action="/signup">
          <ErrorSummary v={v} errors={state.errors} message={state.message} />
          <input type="hidden" name="back" value={props.back} />
          <NewAccountFields v={v} state={state} />
          <Submit>{v.t('accounts.signup.submit')}</Submit>
        </Form>
      </section>
      <p>
        {v.t('accounts.signup.haveAccount')} <a href={props.back === '/' ? '/signin' : `/signin?back=${encodeURIComponent(props.back)}`}>
          {v.t('accounts.signin.title')}
        </a>
      </p>
    </Layout>
  );
}

/** After sign-up; `back` is where the person was going (an invitation, an application…). */
export function CheckMailPage(props: { v: View; email: string | undefined; back: string }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('accounts.checkMail.title')}>
      <h1>{v.t('accounts.checkMail.title')}</h1>
      <section class="card callout">
        <p>{props.email ? v.t('accounts.checkMail.sentTo', { email: props.email }) : v.t('accounts.checkMail.text')}</p>
        <p>{v.t('accounts.checkMail.expiry')}</p>
        <p class="muted">{v.t('accounts.checkMail.notReceived')}</p>
      </section>
      <p class="actions">
        {props.back !== '/' && (
          <a class="button" href={props.back}>
            {v.t('accounts.checkMail.continue')}
          </a>
        )}
        <a class={props.back !== '/' ? 'button secondary' : 'button'} href="/account">
          {v.t('accounts.checkMail.toAccount')}
        </a>
        <a class="button secondary" href="/">
          {v.t('nav.home')}
        </a>
      </p>
    </Layout>
  );
}
