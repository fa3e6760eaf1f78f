// The credentials awarded for one badge, for its organisation's staff: recipient, date, state, status.
import type { Badge } from '../../badges/badges';
import { textsIn } from '../../badges/badges';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { type CredentialSummary, credentialPath } from '../awards';
import { RecipientLabel, StateTag, StatusText, formatDate } from './common';

export function BadgeCredentialsPage(props: { v: View; badge: Badge; items: CredentialSummary[]; hasMore: boolean; now: Date }) {
  const { v, badge, items } = props;
  const name = textsIn(badge.achievement, v.locale).name;
  return (
    <Layout v={v} title={v.t('awards.list.title', { badge: name })} wide>
      <h1>{v.t('awards.list.title', { badge: name })}</h1>
      <p class="actions">
        <a href={`/badges/${encodeURIComponent(badge.publicId)}`}>{v.t('awards.form.back')}</a>
        {badge.status === 'published' && (
          <a class="button small" href={`/badges/${encodeURIComponent(badge.publicId)}/award`}>
            {v.t('awards.form.heading')}
          </a>
        )}
      </p>
      {items.length === 0 ? (
        <p>{v.t('awards.list.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="muted" style="text-align:left">
              {v.t('awards.list.caption', { count: items.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{v.t('awards.page.recipient')}</th>
                <th scope="col">{v.t('awards.page.issuedOn')}</th>
                <th scope="col">{v.t('awards.page.level')}</th>
                <th scope="col">{v.t('awards.page.state')}</th>
                <th scope="col">{v.t('awards.page.status')}</th>
                <th scope="col">{v.t('awards.list.link')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.publicId}>
                  <td>
                    <RecipientLabel v={v} c={c} />
                  </td>
                  <td>{formatDate(v.locale, c.validFrom)}</td>
                  <td>{c.level ?? '—'}</td>
                  <td>
                    <StateTag v={v} state={c.state} />
                  </td>
                  <td>
                    <StatusText v={v} c={c} now={props.now} />
                  </td>
                  <td>
                    <a href={credentialPath(c.publicId)} aria-label={v.t('awards.list.open', { id: c.publicId })}>
                      {c.publicId}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.hasMore && <p class="muted">{v.t('awards.list.more')}</p>}
    </Layout>
  );
}
