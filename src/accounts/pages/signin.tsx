// /signin: e-mail and password, with the page to go back to afterwards.
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { FormState } from '../form-state';

export function SignInPage(props: { v: View; state: FormState; back: string }) {
  const { v, state } = props;
  return (
    <Layout v={v} title={v.t('accounts.signin.title')}>
      <h1>{v.t('accounts.signin.title')}</h1>
      <section class="card">
        <Form v={v} action="/signin">
          <ErrorSummary v={v} errors={state.errors} message={state.message} />
          <input type="hidden" name="back" value={props.back} />
          <Field
            v={v}
            name="email"
            type="email"
            label={v.t('accounts.field.email')}
            value={state.values?.email}
            errors={state.errors}
            autocomplete="username"
            required
          />
          <Field
            v={v}
            name="password"
            type="password"
            label={v.t('accounts.field.password')}
            errors={state.errors}
            autocomplete="current-password"
            required
          />
          <Submit>{v.t('accounts.signin.submit')}</Submit>
        </Form>
      </section>
      <p>
        <a href="/forgot">{v.t('accounts.signin.forgot')}</a>
      </p>
      <p>
        {v.t('accounts.signin.noAccount')} <a href="/signup">{v.t('accounts.signup.title')}</a>
      </p>
    </Layout>
  );
}
