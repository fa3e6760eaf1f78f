// The public list of organisations, and the creation page.
import { ErrorSummary, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';
import type { Organization } from '../organizations';
import { OrgLogo, orgPath } from './common';
import { ProfileFields, type ProfileValues } from './profile-form';

export function OrganizationListPage(props: { v: View; items: Organization[]; page: number; hasMore: boolean }) {
  const { v, items, page } = props;
  return (
    <Layout v={v} title={v.t('organizations.list.title')} wide>
      <h1>{v.t('organizations.list.title')}</h1>
      {v.user && (
        <p>
          <a class="button" href="/organizations/new">
            {v.t('organizations.list.create')}
          </a>
        </p>
      )}
      {items.length === 0 ? (
        <p class="muted">{v.t('organizations.list.empty')}</p>
      ) : (
        <ul class="grid" style="list-style:none;padding:0">
          {items.map((org) => (
            <li key={org.slug} class="card">
              <OrgLogo org={org} />
              <h2 style="margin-top:.5rem">
                <a href={orgPath(org.slug)}>{org.name}</a>
              </h2>
              {org.description && <p class="muted">{truncate(org.description, 200)}</p>}
            </li>
          ))}
        </ul>
      )}
      {(page > 1 || props.hasMore) && (
        <nav aria-label={v.t('organizations.list.pages')}>
          <p class="actions">
            {page > 1 && <a href={`/organizations?page=${page - 1}`}>{v.t('organizations.list.previous')}</a>}
            {props.hasMore && <a href={`/organizations?page=${page + 1}`}>{v.t('organizations.list.next')}</a>}
          </p>
        </nav>
      )}
    </Layout>
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function NewOrganizationPage(props: {
  v: View;
  values: ProfileValues;
  errors?: FormErrors | undefined;
  message?: string | undefined;
}) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('organizations.new.title')}>
      <h1>{v.t('organizations.new.title')}</h1>
      <p class="lead">{v.t('organizations.new.lead')}</p>
      <ErrorSummary v={v} errors={props.errors} message={props.message} />
      <Form v={v} action="/organizations">
        <ProfileFields v={v} values={props.values} errors={props.errors} />
        <Submit>{v.t('organizations.new.submit')}</Submit>
      </Form>
    </Layout>
  );
}
