// The CSV upload form: on the badge's page (BulkUploadSection, for staff who may award it) and on its
// own page, where it comes back with the file's error.
import type { Badge } from '../../badges/badges';
import { textsIn } from '../../badges/badges';
import { ErrorSummary, Field, Form, Submit } from '../../web/form';
import { Layout } from '../../web/layout';
import type { FormErrors, View } from '../../web/view';

export const bulkPath = (badgePublicId: string) => `/badges/${encodeURIComponent(badgePublicId)}/bulk`;

export function UploadForm(props: { v: View; badge: Pick<Badge, 'publicId'>; errors?: FormErrors | undefined }) {
  const { v } = props;
  return (
    <Form v={v} action={bulkPath(props.badge.publicId)} multipart>
      <p class="muted small">{v.t('bulk.upload.columns')}</p>
      <Field v={v} name="file" type="file" accept=".csv,text/csv" label={v.t('bulk.upload.file')} hint={v.t('bulk.upload.fileHint')} errors={props.errors} required />
      <Submit>{v.t('bulk.upload.submit')}</Submit>
    </Form>
  );
}

/** The badge page's section for the organisation's staff (shown when the badge is published). */
export function BulkUploadSection(props: { v: View; badge: Pick<Badge, 'publicId' | 'status'> }) {
  const { v, badge } = props;
  if (badge.status !== 'published') return null;
  return (
    <section class="card" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading" style="margin-top:0">
        {v.t('bulk.upload.heading')}
      </h2>
      <p>{v.t('bulk.upload.intro')}</p>
      <details>
        <summary>{v.t('bulk.upload.open')}</summary>
        <UploadForm v={v} badge={badge} />
      </details>
    </section>
  );
}

export function UploadPage(props: { v: View; badge: Badge; errors?: FormErrors | undefined; message?: string | undefined }) {
  const { v, badge } = props;
  const title = v.t('bulk.upload.title', { badge: textsIn(badge.achievement, v.locale).name });
  return (
    <Layout v={v} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/badges/${encodeURIComponent(badge.publicId)}`}>{v.t('bulk.back')}</a>
      </p>
      <ErrorSummary v={v} errors={props.errors} message={props.message} />
      <p>{v.t('bulk.upload.intro')}</p>
      <UploadForm v={v} badge={badge} errors={props.errors} />
    </Layout>
  );
}
