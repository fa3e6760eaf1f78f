// /setup: the first account of a fresh instance, which becomes the platform administrator.
import { ErrorSummary, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { FormState } from '../form-state';
import { NewAccountFields } from './new-account-fields';

export function SetupPage(props: { v: View; state: FormState }) {
  const { v, state } = props;
  return (
    <Layout v={v} title={v.t('accounts.setup.title')}>
      <h1>{v.t('accounts.setup.title')}</h1>
      <p class="lead">{v.t('accounts.setup.intro')}</p>
      <section class="card">
        <Form v={v} action="/setup">
          <ErrorSummary v={v} errors={state.errors} message={state.message} />
          <NewAccountFields v={v} state={state} />
          <Submit>{v.t('accounts.setup.submit')}</Submit>
        </Form>
      </section>
    </Layout>
  );
}
