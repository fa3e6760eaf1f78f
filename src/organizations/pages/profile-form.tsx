// The profile fields of an organisation, shared by the creation and settings pages.
import { Field } from '../../web/form';
import type { FormErrors, View } from '../../web/view';

export interface ProfileValues {
  name?: string | undefined;
  description?: string | undefined;
  url?: string | undefined;
  email?: string | undefined;
}

export function ProfileFields(props: { v: View; values: ProfileValues; errors?: FormErrors | undefined }) {
  const { v, values, errors } = props;
  return (
    <>
      <Field v={v} name="name" label={v.t('organizations.field.name')} value={values.name} errors={errors} required autocomplete="organization" />
      <Field
        v={v}
        name="description"
        label={v.t('organizations.field.description')}
        hint={v.t('organizations.field.description.hint')}
        value={values.description}
        errors={errors}
        multiline
      />
      <Field
        v={v}
        name="url"
        type="url"
        label={v.t('organizations.field.url')}
        hint={v.t('organizations.field.url.hint')}
        value={values.url}
        errors={errors}
        autocomplete="url"
      />
      <Field
        v={v}
        name="email"
        type="email"
        label={v.t('organizations.field.email')}
        hint={v.t('organizations.field.email.hint')}
        value={values.email}
        errors={errors}
        autocomplete="email"
      />
    </>
  );
}
