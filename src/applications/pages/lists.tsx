// "My applications" and "Applications to review" (with the mail preference).
import { formatDate } from '../../organizations/pages/common';
import { Form } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { applicationPath } from '../applications';
import type { Application } from '../access.service';
import { StatusText } from './application';

function ApplicationsTable(props: { v: View; items: Application[]; caption: string; applicant?: boolean }) {
  const { v } = props;
  return (
    <table>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{v.t('applications.list.badge')}</th>
          {props.applicant && <th scope="col">{v.t('applications.list.applicant')}</th>}
          <th scope="col">{v.t('applications.page.status')}</th>
          <th scope="col">{v.t('applications.list.date')}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((a) => (
          <tr key={a.id}>
            <td>
              <a href={applicationPath(a.id)}>{a.badge.name}</a> <span class="muted small">({a.badge.organizationName})</span>
            </td>
            {props.applicant && <td>{a.organization ? v.t('applications.onBehalf', { name: a.applicant.name, organization: a.organization.name }) : a.applicant.name}</td>}
            <td>
              <StatusText v={v} status={a.status} />
            </td>
            <td>{formatDate(v.locale, a.submittedAt ?? a.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MyApplicationsPage(props: { v: View; items: Application[] }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('applications.list.mine')}>
      <h1>{v.t('applications.list.mine')}</h1>
      {v.flash && (
        <p class="flash" role="status">
          {v.flash}
        </p>
      )}
      {props.items.length === 0 ? (
        <p>
          {v.t('applications.list.none')} <a href="/badges">{v.t('nav.catalogue')}</a>
        </p>
      ) : (
        <ApplicationsTable v={v} items={props.items} caption={v.t('applications.list.mine')} />
      )}
    </Layout>
  );
}

export function ReviewsPage(props: { v: View; items: Application[]; total: number; awaitingOthers: Application[]; digest: 'immediate' | 'daily' }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('applications.list.reviews')}>
      <h1>{v.t('applications.list.reviews')}</h1>
      {v.flash && (
        <p class="flash" role="status">
          {v.flash}
        </p>
      )}
      <p id="reviews-count">{props.total > 0 ? v.t('applications.list.reviewsCount', { count: props.total }) : v.t('applications.list.noReviews')}</p>
      {props.items.length > 0 && <ApplicationsTable v={v} items={props.items} caption={v.t('applications.list.reviews')} applicant />}
      {props.awaitingOthers.length > 0 && (
        <section>
          <h2>{v.t('applications.list.awaitingOthers')}</h2>
          <ApplicationsTable v={v} items={props.awaitingOthers} caption={v.t('applications.list.awaitingOthers')} applicant />
        </section>
      )}
      <section class="card" aria-labelledby="digest-heading">
        <h2 id="digest-heading" style="margin-top:0">
          {v.t('applications.digest.heading')}
        </h2>
        <Form v={v} action="/reviews/digest">
          <fieldset>
            <legend class="visually-hidden">{v.t('applications.digest.heading')}</legend>
            {(['immediate', 'daily'] as const).map((d) => (
              <div class="check" key={d}>
                <input type="radio" id={`f-digest-${d}`} name="digest" value={d} checked={props.digest === d} />
                <label for={`f-digest-${d}`}>{v.t(`applications.digest.${d}`)}</label>
              </div>
            ))}
          </fieldset>
          <p>
            <button type="submit" class="button secondary">
              {v.t('applications.digest.submit')}
            </button>
          </p>
        </Form>
      </section>
    </Layout>
  );
}
