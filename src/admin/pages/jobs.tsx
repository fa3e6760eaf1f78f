// /admin/jobs: failed jobs (with a retry button) and the queued and running ones.
import type { Job } from '../../jobs/jobs';
import { Form } from '../../web/form';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { Page } from '../admin.service';
import { AdminNav, DateTime, JobStatusTag } from './common';

export function JobsPage(props: { v: View; failed: Page<Job>; pending: Page<Job> }) {
  const { v } = props;
  return (
    <Layout v={v} title={v.t('admin.jobs.title')} wide>
      <h1>{v.t('admin.jobs.title')}</h1>
      <AdminNav v={v} current="/admin/jobs" />
      <p class="lead">{v.t('admin.jobs.lead')}</p>
      <section aria-labelledby="jobs-failed">
        <h2 id="jobs-failed">{v.t('admin.jobs.failed')}</h2>
        <JobTable v={v} page={props.failed} empty={v.t('admin.jobs.noneFailed')} failed />
      </section>
      <section aria-labelledby="jobs-pending">
        <h2 id="jobs-pending">{v.t('admin.jobs.pending')}</h2>
        <JobTable v={v} page={props.pending} empty={v.t('admin.jobs.nonePending')} />
      </section>
    </Layout>
  );
}

function JobTable(props: { v: View; page: Page<Job>; empty: string; failed?: boolean }) {
  const { v, page } = props;
  if (page.items.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{v.t('admin.jobs.id')}</th>
              <th scope="col">{v.t('admin.jobs.name')}</th>
              <th scope="col">{v.t('admin.jobs.status')}</th>
              <th scope="col">{v.t('admin.jobs.attempts')}</th>
              <th scope="col">{v.t(props.failed ? 'admin.jobs.finishedAt' : 'admin.jobs.runAt')}</th>
              <th scope="col">{v.t('admin.jobs.lastError')}</th>
              {props.failed && <th scope="col">{v.t('admin.jobs.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {page.items.map((job) => (
              <tr key={job.id} id={`job-${job.id}`}>
                <td>{job.id}</td>
                <td>
                  <code>{job.name}</code>
                </td>
                <td>
                  <JobStatusTag v={v} status={job.status} />
                </td>
                <td>{v.t('admin.jobs.attemptsValue', { attempts: job.attempts, max: job.maxAttempts })}</td>
                <td>
                  <DateTime locale={v.locale} date={props.failed ? (job.finishedAt ?? job.runAt) : job.runAt} />
                </td>
                <td>{job.lastError ? <pre class="mail" style="font-size:.85rem;margin:0">{job.lastError}</pre> : '—'}</td>
                {props.failed && (
                  <td>
                    <Form v={v} action={`/admin/jobs/${job.id}/retry`} class="inline">
                      <button type="submit" class="button small" aria-label={v.t('admin.jobs.retryLabel', { id: job.id })}>
                        {v.t('admin.jobs.retry')}
                      </button>
                    </Form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.total > page.items.length && (
        <p class="muted">{v.t('admin.jobs.more', { shown: page.items.length, total: page.total })}</p>
      )}
    </>
  );
}
