// A batch's page, /bulk/{id}: the preview with per-row errors and the confirm button, then the
// progress (a <progress> bar with its text, refreshed every 2 s by a meta refresh: no JavaScript),
// the cancel button while it runs, and the issued credentials once done.
import { credentialPath } from '../../awards/awards';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { type Batch, type BatchRow, PREVIEW_ERRORS, isActive, isConfirmable, rowErrorKey } from '../bulk';

export const batchPath = (publicId: string, rest = '') => `/bulk/${encodeURIComponent(publicId)}${rest}`;

function PostButton(props: { v: View; action: string; label: string; secondary?: boolean; danger?: boolean }) {
  const cls = props.danger ? 'button danger' : props.secondary ? 'button secondary' : 'button';
  return (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={props.v.csrf} />
      <button type="submit" class={cls}>
        {props.label}
      </button>
    </form>
  );
}

function RowsTable(props: { v: View; rows: BatchRow[]; caption: string; credentials?: boolean }) {
  const { v } = props;
  return (
    <div class="table-wrap">
      <table>
        <caption class="muted" style="text-align:left">
          {props.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">{v.t('bulk.preview.row')}</th>
            <th scope="col">{v.t('bulk.preview.email')}</th>
            <th scope="col">{props.credentials ? v.t('bulk.progress.credential') : v.t('bulk.preview.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.rowNumber}>
              <td>{r.rowNumber}</td>
              <td>{r.email || '—'}</td>
              <td>
                {props.credentials && r.credential ? (
                  <a href={credentialPath(r.credential)}>{r.credential}</a>
                ) : (
                  <ul class="plain">
                    {r.errors.map((code) => (
                      <li key={code}>{v.t(rowErrorKey(code))}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface BatchPageProps {
  v: View;
  batch: Batch;
  badgeName: string;
  /** Rows with errors (invalid, skipped): the first PREVIEW_ERRORS. */
  errors: BatchRow[];
  /** Issued rows of the current page, once the batch is done. */
  issued: { rows: BatchRow[]; offset: number; hasMore: boolean };
}

export function BatchPage(props: BatchPageProps) {
  const { v, batch } = props;
  const { total, done, skipped } = batch.progress;
  const running = isActive(batch.status);
  const title = batch.status === 'preview' ? v.t('bulk.preview.title') : v.t('bulk.progress.title');
  return (
    <Layout v={v} title={`${title} — ${props.badgeName}`} wide head={running ? <script src="/assets/refresh.js" defer /> : undefined}>
      <h1>{title}</h1>
      <p>
        <a href={`/badges/${encodeURIComponent(batch.badgePublicId)}`}>
          {v.t('bulk.back')} « {props.badgeName} »
        </a>
      </p>
      {batch.fileName && <p class="muted">{v.t('bulk.preview.file', { name: batch.fileName })}</p>}
      <p>{v.t('bulk.preview.summary', { rows: batch.rowCount, valid: batch.validCount, invalid: batch.invalidCount })}</p>
      <p>
        {v.t('bulk.progress.status')} <strong>{v.t(`bulk.status.${batch.status}`)}</strong>
      </p>
      {batch.status !== 'preview' && (
        <div role="status" id="bulk-live" {...(running ? { 'data-refresh': '2000' } : {})}>
          <progress id="bulk-progress" max={Math.max(total, 1)} value={done + skipped}>
            {v.t('bulk.progress.label', { done, total })}
          </progress>
          <p>
            <label for="bulk-progress">{v.t('bulk.progress.label', { done, total })}</label>
          </p>
          {skipped > 0 && <p>{v.t('bulk.progress.skipped', { count: skipped })}</p>}
          {running && (
            <p class="muted small">
              {v.t('bulk.progress.refresh')} <a href={batchPath(batch.publicId)}>{v.t('bulk.progress.reload')}</a>
            </p>
          )}
        </div>
      )}
      {batch.lastError && batch.status !== 'done' && <p class="muted">{v.t('bulk.progress.lastError', { error: batch.lastError })}</p>}
      <p class="actions">
        {isConfirmable(batch.status) && batch.validCount > 0 && (
          <PostButton
            v={v}
            action={batchPath(batch.publicId, '/confirm')}
            label={batch.status === 'preview' ? v.t('bulk.preview.confirm', { count: batch.validCount }) : v.t('bulk.progress.resume')}
          />
        )}
        {running && <PostButton v={v} action={batchPath(batch.publicId, '/cancel')} label={v.t('bulk.progress.cancel')} danger />}
      </p>
      {batch.status === 'preview' && <p class="muted">{batch.validCount > 0 ? v.t('bulk.preview.skippedNote') : v.t('bulk.preview.noneValid')}</p>}
      {props.errors.length > 0 && (
        <section>
          <h2>{v.t('bulk.preview.errorsHeading')}</h2>
          <RowsTable v={v} rows={props.errors} caption={props.errors.length >= PREVIEW_ERRORS ? v.t('bulk.preview.errorsMore', { shown: PREVIEW_ERRORS }) : ''} />
        </section>
      )}
      {props.issued.rows.length > 0 && (
        <section>
          <h2>{v.t('bulk.progress.issuedHeading')}</h2>
          <RowsTable v={v} rows={props.issued.rows} caption="" credentials />
          {props.issued.hasMore && (
            <p>
              <a href={batchPath(batch.publicId, `?offset=${props.issued.offset + props.issued.rows.length}`)}>{v.t('bulk.progress.next')}</a>
            </p>
          )}
        </section>
      )}
    </Layout>
  );
}
