// The /verify page: three ways to hand a badge in — upload a file, paste its text, give its address.
// Each is its own form, so that each works without JavaScript and shows its own errors.
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';

export interface VerifyFormValues {
  text?: string;
  url?: string;
}

export function VerifyFormPage(props: { v: View; values?: VerifyFormValues; errors?: FormErrors }) {
  const { v, values = {}, errors } = props;
  return (
    <Layout v={v} title={v.t('verify.title')}>
      <h1>{v.t('verify.title')}</h1>
      <p class="lead">{v.t('verify.lead')}</p>
      <ErrorSummary v={v} errors={errors} />

      <section class="card" aria-labelledby="verify-file">
        <h2 id="verify-file">{v.t('verify.file.heading')}</h2>
        <Form v={v} action="/verify" multipart>
          <Field
            v={v}
            name="file"
            type="file"
            label={v.t('verify.file.label')}
            hint={v.t('verify.file.hint')}
            accept=".png,.svg,.json,.jwt,.txt,image/png,image/svg+xml,application/json,application/ld+json,text/plain"
            errors={errors}
          />
          <Submit>{v.t('verify.file.submit')}</Submit>
        </Form>
      </section>

      <section class="card" aria-labelledby="verify-text">
        <h2 id="verify-text">{v.t('verify.text.heading')}</h2>
        <Form v={v} action="/verify">
          <Field v={v} name="text" label={v.t('verify.text.label')} hint={v.t('verify.text.hint')} multiline value={values.text} errors={errors} />
          <Submit>{v.t('verify.text.submit')}</Submit>
        </Form>
      </section>

      <section class="card" aria-labelledby="verify-url">
        <h2 id="verify-url">{v.t('verify.url.heading')}</h2>
        {/* A GET form: the result has its own shareable address, /verify?url=… */}
        <form method="get" action="/verify" class="stack" noValidate>
          <Field v={v} name="url" type="url" label={v.t('verify.url.label')} hint={v.t('verify.url.hint')} value={values.url} errors={errors} autocomplete="url" />
          <Submit>{v.t('verify.url.submit')}</Submit>
        </form>
      </section>
    </Layout>
  );
}
