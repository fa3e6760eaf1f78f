// The public page of an organisation (its issuer profile, for people).
import type { ComponentChildren } from 'preact';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { Organization } from '../organizations';
import { OrgLogo, orgPath } from './common';

export function OrganizationPage(props: { v: View; org: Organization; canEdit: boolean; canManageMembers: boolean; badges?: ComponentChildren }) {
  const { v, org } = props;
  return (
    <Layout v={v} title={org.name}>
      <div class="card">
        <OrgLogo org={org} size={128} />
        <h1 style="margin-top:.5rem">{org.name}</h1>
        {org.description
          .split(/\n\s*\n/)
          .filter((p) => p.trim() !== '')
          .map((p, i) => (
            <p key={i} style="white-space:pre-line">
              {p}
            </p>
          ))}
        {(org.url || org.email) && (
          <dl>
            {org.url && (
              <>
                <dt>{v.t('organizations.field.url')}</dt>
                <dd>
                  <a href={org.url} rel="noopener nofollow">
                    {org.url}
                  </a>
                </dd>
              </>
            )}
            {org.email && (
              <>
                <dt>{v.t('organizations.field.email')}</dt>
                <dd>
                  <a href={`mailto:${org.email}`}>{org.email}</a>
                </dd>
              </>
            )}
          </dl>
        )}
      </div>
      {props.badges}
      {(props.canEdit || props.canManageMembers) && (
        <p class="actions">
          {props.canEdit && (
            <a class="button secondary" href={orgPath(org.slug, '/settings')}>
              {v.t('organizations.show.settings')}
            </a>
          )}
          {props.canEdit && (
            <a class="button secondary" href={orgPath(org.slug, '/integrations')}>
              {v.t('integrations.title')}
            </a>
          )}
          {props.canManageMembers && (
            <a class="button secondary" href={orgPath(org.slug, '/members')}>
              {v.t('organizations.show.members')}
            </a>
          )}
        </p>
      )}
    </Layout>
  );
}
