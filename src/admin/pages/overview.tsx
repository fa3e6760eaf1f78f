// /admin: the platform at a glance.
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { Overview } from '../admin.service';
import { AdminNav } from './common';

export function OverviewPage(props: { v: View; overview: Overview }) {
  const { v, overview: o } = props;
  const figures = [
    ['admin.overview.users', o.users],
    ['admin.overview.organizations', o.organizations],
    ['admin.overview.mails', o.mails],
    ['admin.overview.jobsQueued', o.jobs.queued],
    ['admin.overview.jobsRunning', o.jobs.running],
    ['admin.overview.jobsFailed', o.jobs.failed],
  ] as const;
  return (
    <Layout v={v} title={v.t('admin.overview.title')} wide>
      <h1>{v.t('admin.overview.title')}</h1>
      <AdminNav v={v} current="/admin" />
      <p class="lead">{v.t('admin.overview.lead')}</p>
      {o.jobs.failed > 0 && (
        <p class="card callout" role="status">
          {v.t('admin.overview.failedAlert', { count: o.jobs.failed })} <a href="/admin/jobs">{v.t('admin.overview.seeJobs')}</a>
        </p>
      )}
      <section aria-labelledby="figures">
        <h2 id="figures">{v.t('admin.overview.figures')}</h2>
        <dl class="grid">
          {figures.map(([key, value]) => (
            <div key={key} class="card">
              <dt>{v.t(key)}</dt>
              <dd style="margin:0;font-size:1.75rem;font-weight:700" data-figure={key}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="mail-mode" class="card">
        <h2 id="mail-mode">{v.t('admin.overview.mailMode')}</h2>
        <p>
          {o.mailMode.kind === 'smtp'
            ? v.t('admin.overview.mailSmtp', { server: o.mailMode.server })
            : v.t('admin.overview.mailOutbox')}
        </p>
        <p>
          <a href="/admin/mails">{v.t('admin.overview.seeMails')}</a>
        </p>
      </section>
    </Layout>
  );
}
