// Pieces shared by the administration pages: section navigation, dates, pager, status tags.
import type { Locale } from '../../i18n';
import type { JobStatus } from '../../jobs/jobs';
import type { View } from '../../web/view';

const SECTIONS = [
  { href: '/admin', key: 'admin.nav.overview' },
  { href: '/admin/mails', key: 'admin.nav.mails' },
  { href: '/admin/jobs', key: 'admin.nav.jobs' },
] as const;

export function AdminNav(props: { v: View; current: (typeof SECTIONS)[number]['href'] }) {
  const { v } = props;
  return (
    <nav aria-label={v.t('admin.nav.label')}>
      <ul class="actions" style="list-style:none;padding:0">
        {SECTIONS.map((s) => (
          <li key={s.href}>
            <a href={s.href} aria-current={s.href === props.current ? 'page' : undefined}>
              {v.t(s.key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Date and time in the reader's language, in UTC (said so), machine-readable in `datetime`. */
export function DateTime(props: { locale: Locale; date: Date }) {
  const text = new Intl.DateTimeFormat(props.locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'UTC',
  }).format(props.date);
  return <time dateTime={props.date.toISOString()}>{`${text} UTC`}</time>;
}

export const PAGE_SIZE = 25;

/** Links to the previous and next pages of a list (`?page=n`), with where the reader is. */
export function Pager(props: { v: View; path: string; page: number; total: number; pageSize: number }) {
  const { v, page, total, pageSize } = props;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav aria-label={v.t('admin.pager.label')}>
      <p>{v.t('admin.pager.status', { page, pages, total })}</p>
      <p class="actions">
        {page > 1 && (
          <a href={`${props.path}?page=${page - 1}`} rel="prev">
            {v.t('admin.pager.previous')}
          </a>
        )}
        {page < pages && (
          <a href={`${props.path}?page=${page + 1}`} rel="next">
            {v.t('admin.pager.next')}
          </a>
        )}
      </p>
    </nav>
  );
}

export function JobStatusTag(props: { v: View; status: JobStatus }) {
  return <span class="badge-tag">{props.v.t(`admin.jobs.status.${props.status}`)}</span>;
}
