// Settings of an organisation: the profile and the logo (owners, admins).
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import type { Organization } from '../organizations';
import { OrgLogo, orgPath } from './common';
import { ProfileFields, type ProfileValues } from './profile-form';

export function SettingsPage(props: {
  v: View;
  org: Organization;
  values: ProfileValues;
  errors?: FormErrors | undefined;
  logoErrors?: FormErrors | undefined;
  maxUploadKb: number;
}) {
  const { v, org } = props;
  return (
    <Layout v={v} title={v.t('organizations.settings.title', { name: org.name })}>
      <p>
        <a href={orgPath(org.slug)}>{v.t('organizations.settings.back', { name: org.name })}</a>
      </p>
      <h1>{v.t('organizations.settings.title', { name: org.name })}</h1>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{v.t('organizations.settings.profile')}</h2>
        <ErrorSummary v={v} errors={props.errors} />
        <Form v={v} action={orgPath(org.slug, '/settings')}>
          <ProfileFields v={v} values={props.values} errors={props.errors} />
          <Submit>{v.t('form.save')}</Submit>
        </Form>
      </section>
      <section aria-labelledby="logo-heading">
        <h2 id="logo-heading">{v.t('organizations.settings.logo')}</h2>
        {org.hasLogo ? (
          <p>
            <OrgLogo org={org} size={128} /> <span class="muted">{v.t('organizations.settings.logo.current')}</span>
          </p>
        ) : (
          <p class="muted">{v.t('organizations.settings.logo.none')}</p>
        )}
        <ErrorSummary v={v} errors={props.logoErrors} />
        <Form v={v} action={orgPath(org.slug, '/logo')} multipart>
          <Field
            v={v}
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            label={v.t('organizations.field.logo')}
            hint={v.t('organizations.field.logo.hint', { max: props.maxUploadKb })}
            errors={props.logoErrors}
            required
          />
          <Submit>{v.t('organizations.settings.logo.submit')}</Submit>
        </Form>
      </section>
    </Layout>
  );
}
