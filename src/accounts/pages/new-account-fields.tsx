// The fields of a new account, shared by the setup and sign-up forms.
import { Field } from '../../web/form';
import type { View } from '../../web/view';
import { PASSWORD_MIN_LENGTH } from '../accounts';
import type { FormState } from '../form-state';

export function NewAccountFields(props: { v: View; state: FormState }) {
  const { v, state } = props;
  return (
    <>
      <Field
        v={v}
        name="displayName"
        label={v.t('accounts.field.displayName')}
        hint={v.t('accounts.field.displayNameHint')}
        value={state.values?.displayName}
        errors={state.errors}
        autocomplete="name"
        required
      />
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
      <Field
        v={v}
        name="password"
        type="password"
        label={v.t('accounts.field.password')}
        hint={v.t('accounts.password.hint', { min: PASSWORD_MIN_LENGTH })}
        errors={state.errors}
        autocomplete="new-password"
        required
      />
    </>
  );
}
