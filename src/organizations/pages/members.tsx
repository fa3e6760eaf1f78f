// Members of an organisation: roles, removal, invitations (owners, admins).
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import type { Invitation } from '../invitations.service';
import type { Member } from '../members.service';
import type { Organization, Role } from '../organizations';
import { RoleChoices, RoleTags, formatDate, orgPath } from './common';

export interface MembersPageProps {
  v: View;
  org: Organization;
  members: Member[];
  invitations: Invitation[];
  /** Whether the viewer may grant or remove 'owner'. */
  canOwners: boolean;
  invite?: { email?: string | undefined; roles?: Role[] | undefined };
  inviteErrors?: FormErrors | undefined;
  /** An error about a member's change (last owner…), shown at the top. */
  message?: string | undefined;
}

export function MembersPage(props: MembersPageProps) {
  const { v, org } = props;
  const title = v.t('organizations.members.title', { name: org.name });
  return (
    <Layout v={v} title={title} wide>
      <p>
        <a href={orgPath(org.slug)}>{v.t('organizations.settings.back', { name: org.name })}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary v={v} message={props.message} />
      <div class="table-wrap">
        <table>
          <caption class="muted">{v.t('organizations.members.caption', { count: props.members.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{v.t('organizations.members.person')}</th>
              <th scope="col">{v.t('organizations.members.roles')}</th>
              <th scope="col">{v.t('organizations.members.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.members.map((m) => (
              <MemberRow key={m.id} v={v} org={org} member={m} canOwners={props.canOwners} />
            ))}
          </tbody>
        </table>
      </div>
      <InviteSection {...props} />
    </Layout>
  );
}

function MemberRow(props: { v: View; org: Organization; member: Member; canOwners: boolean }) {
  const { v, org, member: m } = props;
  const editable = props.canOwners || !m.roles.includes('owner');
  const base = orgPath(org.slug, `/members/${encodeURIComponent(m.id)}`);
  return (
    <tr>
      <td>
        <strong>{m.displayName}</strong>
        {m.email && <div class="muted">{m.email}</div>}
        <div class="muted small">{v.t('organizations.members.since', { date: formatDate(v.locale, m.joinedAt) })}</div>
      </td>
      <td>
        {editable ? (
          <Form v={v} action={`${base}/roles`}>
            <RoleChoices
              v={v}
              legend={v.t('organizations.members.rolesOf', { name: m.displayName })}
              checked={m.roles}
              idPrefix={`m-${m.id}`}
              allowOwner={props.canOwners}
            />
            <Submit secondary>{v.t('organizations.members.saveRoles')}</Submit>
          </Form>
        ) : (
          <p>
            <RoleTags v={v} roles={m.roles} />
            <br />
            <span class="muted">{v.t('organizations.members.ownerOnly')}</span>
          </p>
        )}
      </td>
      <td>
        {editable && (
          <form method="post" action={`${base}/remove`} class="inline">
            <input type="hidden" name="_csrf" value={v.csrf} />
            <button type="submit" class="button danger small">
              {v.t('organizations.members.remove', { name: m.displayName })}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

function InviteSection(props: MembersPageProps) {
  const { v, org } = props;
  return (
    <>
      <section aria-labelledby="invite-heading" class="card">
        <h2 id="invite-heading" style="margin-top:0">{v.t('organizations.invite.title')}</h2>
        <p class="muted">{v.t('organizations.invite.lead')}</p>
        <ErrorSummary v={v} errors={props.inviteErrors} />
        <Form v={v} action={orgPath(org.slug, '/invitations')}>
          <Field v={v} name="email" type="email" label={v.t('organizations.invite.email')} value={props.invite?.email} errors={props.inviteErrors} required />
          <RoleChoices
            v={v}
            legend={v.t('organizations.invite.roles')}
            checked={props.invite?.roles ?? []}
            idPrefix="roles"
            error={props.inviteErrors?.roles}
            allowOwner={props.canOwners}
          />
          <Submit>{v.t('organizations.invite.submit')}</Submit>
        </Form>
      </section>
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">{v.t('organizations.invitations.title')}</h2>
        {props.invitations.length === 0 ? (
          <p class="muted">{v.t('organizations.invitations.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{v.t('organizations.invite.email')}</th>
                  <th scope="col">{v.t('organizations.members.roles')}</th>
                  <th scope="col">{v.t('organizations.invitations.expires')}</th>
                  <th scope="col">{v.t('organizations.members.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {props.invitations.map((inv) => (
                  <tr key={inv.id}>
                    <td>{inv.email}</td>
                    <td>
                      <RoleTags v={v} roles={inv.roles} />
                    </td>
                    <td>{formatDate(v.locale, inv.expiresAt)}</td>
                    <td>
                      <form method="post" action={orgPath(org.slug, `/invitations/${encodeURIComponent(inv.id)}/revoke`)} class="inline">
                        <input type="hidden" name="_csrf" value={v.csrf} />
                        <button type="submit" class="button secondary small">
                          {v.t('organizations.invitations.revoke', { email: inv.email })}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
