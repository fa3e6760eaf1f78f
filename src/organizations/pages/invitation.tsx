// The page an invitation link opens: what it offers, and how to accept it.
import { ErrorSummary, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { InvitationView } from '../invitations.service';
import { OrgLogo, RoleTags, formatDate } from './common';

export function InvitationPage(props: { v: View; token: string; invitation: InvitationView; message?: string | undefined }) {
  const { v, invitation: inv } = props;
  const here = `/invitations/${encodeURIComponent(props.token)}`;
  const back = encodeURIComponent(here);
  const org = inv.organization;
  return (
    <Layout v={v} title={v.t('organizations.invitation.title', { name: org.name })}>
      <OrgLogo org={org} />
      <h1>{v.t('organizations.invitation.title', { name: org.name })}</h1>
      <ErrorSummary v={v} message={props.message} />
      {inv.status === 'pending' ? (
        <>
          <p>{v.t('organizations.invitation.sentTo', { email: inv.email })}</p>
          <p>
            {v.t('organizations.invitation.roles')} <RoleTags v={v} roles={inv.roles} />
          </p>
          <p class="muted">{v.t('organizations.invitation.expires', { date: formatDate(v.locale, inv.expiresAt) })}</p>
          {v.user ? (
            <Form v={v} action={`${here}/accept`}>
              <p>{v.t('organizations.invitation.acceptAs', { name: v.user.displayName })}</p>
              <Submit>{v.t('organizations.invitation.accept')}</Submit>
            </Form>
          ) : (
            <>
              <p>{v.t('organizations.invitation.signInFirst')}</p>
              <p class="actions">
                <a class="button" href={`/signin?back=${back}`}>
                  {v.t('nav.signIn')}
                </a>
                <a class="button secondary" href={`/signup?back=${back}`}>
                  {v.t('nav.signUp')}
                </a>
              </p>
            </>
          )}
        </>
      ) : (
        <p class="lead">{v.t(`organizations.invitation.status.${inv.status}`)}</p>
      )}
    </Layout>
  );
}
