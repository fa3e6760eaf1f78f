// The form of a new network: its name, its description and its participant badge (one of the
// organisation's published badges; applying for it is how others join).
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';

export interface NetworkFormValues {
  name: string;
  description: string;
  participantBadge: string;
}

export function NewNetworkPage(props: {
  v: View;
  organization: { slug: string; name: string };
  badges: { id: string; name: string }[];
  values: NetworkFormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, values, errors } = props;
  const title = v.t('networks.form.title', { organization: props.organization.name });
  const error = errors?.participantBadge;
  return (
    <Layout v={v} title={title}>
      <h1>{title}</h1>
      <p class="muted">{v.t('networks.form.hint')}</p>
      <ErrorSummary v={v} errors={errors} />
      <Form v={v} action={`/organizations/${encodeURIComponent(props.organization.slug)}/networks`}>
        <Field v={v} name="name" label={v.t('networks.form.name')} value={values.name} errors={errors} required />
        <Field v={v} name="description" label={v.t('networks.form.description')} value={values.description} errors={errors} multiline />
        <div class={error ? 'field has-error' : 'field'}>
          <label for="f-participantBadge">{v.t('networks.form.participantBadge')}</label>
          {error && (
            <p class="field-error" id="f-participantBadge-error">
              {error}
            </p>
          )}
          <select id="f-participantBadge" name="participantBadge" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-participantBadge-error' : undefined}>
            {props.badges.map((b) => (
              <option key={b.id} value={b.id} selected={b.id === values.participantBadge}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <Submit>{v.t('networks.form.submit')}</Submit>
      </Form>
    </Layout>
  );
}
