// /account: profile and language, e-mail addresses, password, personal API tokens.
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { type ApiTokenInfo, PASSWORD_MIN_LENGTH } from '../accounts';
import type { Me } from '../accounts.service';
import type { FormState } from '../form-state';
import { EmailsSection } from './account-emails';
import { TokensSection } from './account-tokens';

export type AccountSection = 'profile' | 'emails' | 'password' | 'tokens' | 'delete';

/** The page shown again after a refused form names the section the errors belong to. */
export interface AccountState extends FormState {
  section?: AccountSection;
  /** A token just created: shown this once. */
  newToken?: { name: string; token: string };
}

export function AccountPage(props: { v: View; me: Me; tokens: ApiTokenInfo[]; state: AccountState }) {
  const { v, me, state } = props;
  const primary = me.emails.find((e) => e.primary);
  const sectionState = (section: AccountSection): FormState => (state.section === section ? state : {});
  return (
    <Layout v={v} title={v.t('accounts.account.title')}>
      <h1>{v.t('accounts.account.title')}</h1>
      {primary && !primary.verified && (
        <section class="card callout" aria-labelledby="unverified-heading">
          <h2 id="unverified-heading">{v.t('accounts.account.unverifiedHeading')}</h2>
          <p>{v.t('accounts.account.unverified', { email: primary.email })}</p>
          <Form v={v} action="/account/emails/resend" class="inline">
            <input type="hidden" name="email" value={primary.email} />
            <Submit secondary>{v.t('accounts.emails.resend')}</Submit>
          </Form>
        </section>
      )}
      <ProfileSection v={v} me={me} state={sectionState('profile')} />
      <EmailsSection v={v} emails={me.emails} state={sectionState('emails')} />
      <PasswordSection v={v} state={sectionState('password')} />
      <TokensSection v={v} tokens={props.tokens} state={sectionState('tokens')} newToken={state.newToken} />
      <DeleteSection v={v} state={sectionState('delete')} />
    </Layout>
  );
}

function ProfileSection(props: { v: View; me: Me; state: FormState }) {
  const { v, me, state } = props;
  const locale = state.values?.locale ?? me.locale;
  return (
    <section class="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">{v.t('accounts.account.profile')}</h2>
      <Form v={v} action="/account/profile">
        <ErrorSummary v={v} errors={state.errors} message={state.message} />
        <Field
          v={v}
          name="displayName"
          label={v.t('accounts.field.displayName')}
          hint={v.t('accounts.field.displayNameHint')}
          value={state.values?.displayName ?? me.displayName}
          errors={state.errors}
          autocomplete="name"
          required
        />
        <fieldset id="f-locale">
          <legend>{v.t('accounts.field.locale')}</legend>
          {(['fr', 'en'] as const).map((l) => (
            <div class="check" key={l}>
              <input type="radio" id={`f-locale-${l}`} name="locale" value={l} checked={locale === l} />
              <label for={`f-locale-${l}`} lang={l}>
                {v.t(l === 'fr' ? 'accounts.locale.fr' : 'accounts.locale.en')}
              </label>
            </div>
          ))}
        </fieldset>
        <Submit>{v.t('form.save')}</Submit>
      </Form>
    </section>
  );
}

function PasswordSection(props: { v: View; state: FormState }) {
  const { v, state } = props;
  return (
    <section class="card" aria-labelledby="password-heading">
      <h2 id="password-heading">{v.t('accounts.account.password')}</h2>
      <Form v={v} action="/account/password">
        <ErrorSummary v={v} errors={state.errors} message={state.message} />
        <Field
          v={v}
          name="currentPassword"
          type="password"
          label={v.t('accounts.field.currentPassword')}
          errors={state.errors}
          autocomplete="current-password"
          required
        />
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
        <Submit>{v.t('accounts.password.change')}</Submit>
      </Form>
    </section>
  );
}

function DeleteSection(props: { v: View; state: FormState }) {
  const { v, state } = props;
  return (
    <section class="card" aria-labelledby="delete-heading" id="delete-account">
      <h2 id="delete-heading">{v.t('accounts.delete.title')}</h2>
      <p>{v.t('accounts.delete.what')}</p>
      <p>
        <a href="/badges/mine/export">{v.t('accounts.delete.exportFirst')}</a>
      </p>
      <Form v={v} action="/account/delete">
        <ErrorSummary v={v} errors={state.errors} message={state.message} />
        <Field v={v} name="deletePassword" type="password" label={v.t('accounts.delete.password')} errors={state.errors} autocomplete="current-password" required />
        <Submit secondary>{v.t('accounts.delete.submit')}</Submit>
      </Form>
    </section>
  );
}
