// The form of a new pathway: its name and description, whether it is a template others may copy,
// and up to STEP_ROWS steps (name, badges ticked among the organisation's, how many complete it,
// open from the start or after the previous step). Empty rows are ignored.
import { Checkbox, ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';

export const STEP_ROWS = 6;

export interface PathwayFormValues {
  name: string;
  description: string;
  template: boolean;
  steps: { name: string; badges: string[]; count: string; open: boolean }[];
}

export function emptyPathwayForm(): PathwayFormValues {
  return { name: '', description: '', template: false, steps: Array.from({ length: STEP_ROWS }, () => ({ name: '', badges: [], count: '', open: false })) };
}

export function PathwayFormPage(props: {
  v: View;
  organization: { slug: string; name: string };
  badges: { id: string; name: string }[];
  values: PathwayFormValues;
  errors?: FormErrors | undefined;
  message?: string | undefined;
}) {
  const { v, values, errors } = props;
  const title = v.t('pathways.form.title', { organization: props.organization.name });
  return (
    <Layout v={v} title={title}>
      <h1>{title}</h1>
      <ErrorSummary v={v} errors={errors} message={props.message} />
      <Form v={v} action={`/organizations/${encodeURIComponent(props.organization.slug)}/pathways`}>
        <Field v={v} name="name" label={v.t('pathways.form.name')} value={values.name} errors={errors} required />
        <Field v={v} name="description" label={v.t('pathways.form.description')} value={values.description} errors={errors} multiline />
        <Checkbox name="template" label={v.t('pathways.form.template')} checked={values.template} />
        {values.steps.map((step, i) => (
          <fieldset key={i} class="card" id={`f-steps.${i}`}>
            <legend>{v.t('pathways.form.step', { n: i + 1 })}</legend>
            <Field v={v} name={`step${i}_name`} label={v.t('pathways.form.stepName')} value={step.name} errors={errors} />
            <fieldset>
              <legend>{v.t('pathways.form.stepBadges')}</legend>
              {errors?.[`steps.${i}.badges`] && <p class="field-error">{errors[`steps.${i}.badges`]}</p>}
              {props.badges.map((b) => (
                <Checkbox key={b.id} id={`f-step${i}-${b.id}`} name={`step${i}_badges`} value={b.id} label={b.name} checked={step.badges.includes(b.id)} />
              ))}
            </fieldset>
            <Field v={v} name={`step${i}_count`} type="number" label={v.t('pathways.form.stepCount')} hint={v.t('pathways.form.stepCountHint')} value={step.count} errors={errors} />
            <Checkbox id={`f-step${i}-open`} name={`step${i}_open`} label={v.t('pathways.form.stepOpen')} checked={step.open} />
          </fieldset>
        ))}
        <Submit>{v.t('pathways.form.submit')}</Submit>
      </Form>
    </Layout>
  );
}
