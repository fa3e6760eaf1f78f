// /forgot (ask for a reset link) and /reset (choose a new password from that link).
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { PASSWORD_MIN_LENGTH } from '../accounts';
import type { FormState } from '../form-state';

export function ForgotPage(props: { v: View; state: FormState }) {
  const { v, state } = props;
  return (
    <Layout v={v} title={v.t('accounts.forgot.title')}>
      <h1>{v.t('accounts.forgot.title')}</h1>
      <p class="lead">{v.t('accounts.forgot.intro')}</p>
      <section class="card">
        <Form v={v} action="/forgot">
          <ErrorSummary v={v} errors={state.errors} message={state.message} />
          <Field
            v={v}
            name="email"
            type="email"
            label={v.t('accounts.field.email')}
            value={state.values?.email}
            errors={state.errors}
            autocomplete="email"
            required
          />
          <Submit>{v.t('accounts.forgot.submit')}</Submit>
        </Form>
      </section>
    </Layout>
  );
}

export function ForgotSentPage(props: { v: View }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('accounts.forgot.title')}>
      <h1>{v.t('accounts.forgot.title')}</h1>
      <section class="card callout" role="status">
        <p>{v.t('accounts.forgot.sent')}</p>
      </section>
      <p>
        <a href="/signin">{v.t('accounts.signin.title')}</a>
      </p>
    </Layout>
  );
}

export function ResetPage(props: { v: View; token: string; state: FormState }) {
  const { v, state } = props;
  return (
    <Layout v={v} title={v.t('accounts.reset.title')}>
      <h1>{v.t('accounts.reset.title')}</h1>
      <section class="card">
        <Form v={v} action="/reset">
          <ErrorSummary v={v} errors={state.errors} message={state.message} />
          <input type="hidden" name="token" value={props.token} />
          <Field
            v={v}
            name="password"
            type="password"
            label={v.t('accounts.field.newPassword')}
            hint={v.t('accounts.password.hint', { min: PASSWORD_MIN_LENGTH })}
            errors={state.errors}
            autocomplete="new-password"
            required
          />
          <Submit>{v.t('accounts.reset.submit')}</Submit>
        </Form>
      </section>
    </Layout>
  );
}
