// An organisation's reports: figures, tables (each downloadable as CSV) and charts — awards month
// by month, current holders per badge and the competence map, drawn by one SVG bar chart
// (`BarChart`), each with the same figures in a table for screen readers.
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import type { OrganizationReport } from '../reports';
import { BarChart } from './bar-chart';

/** At most this many rows in a chart of holders. */
export const CHART_ROWS = 20;

function Csv(props: { v: View; slug: string; table: string }) {
  return (
    <p>
      <a href={`/organizations/${encodeURIComponent(props.slug)}/reports.csv?table=${props.table}`} download>
        {props.v.t('reports.csv')}
      </a>
    </p>
  );
}

/** Holders per badge or per competence as bars: the most held first, at most CHART_ROWS (the table lists them all). */
function HoldersChart(props: { v: View; id: string; color: string; title: 'reports.badges.chart' | 'reports.competences.chart'; items: readonly { name: string; holders: number }[] }) {
  const bars = [...props.items]
    .sort((a, b) => b.holders - a.holders || a.name.localeCompare(b.name))
    .slice(0, CHART_ROWS)
    .map((i) => ({ label: i.name, value: i.holders }));
  return <BarChart id={props.id} direction="rows" color={props.color} title={props.v.t(props.title, { count: bars.length })} desc={props.v.t('reports.chart.desc')} bars={bars} />;
}

export function ReportsPage(props: { v: View; report: OrganizationReport }) {
  const { v, report: r } = props;
  const slug = r.organization.slug;
  const title = v.t('reports.title', { organization: r.organization.name });
  return (
    <Layout v={v} title={title} wide>
      <h1>{title}</h1>
      <ul class="stack" id="report-figures">
        <li>{v.t('reports.applications.pending', { count: r.applications.pending })}</li>
        {r.applications.oldestPendingDays !== null && <li>{v.t('reports.applications.oldest', { days: r.applications.oldestPendingDays })}</li>}
        <li>
          {r.applications.averageDecisionDays === null
            ? v.t('reports.applications.noDecision')
            : v.t('reports.applications.average', { days: r.applications.averageDecisionDays, count: r.applications.decided })}
        </li>
        <li>{v.t('reports.offers', { accepted: r.offers.accepted, declined: r.offers.declined, offered: r.offers.offered })}</li>
      </ul>

      <section aria-labelledby="months-heading">
        <h2 id="months-heading">{v.t('reports.months.title')}</h2>
        <BarChart
          id="chart-months"
          direction="columns"
          color="#1b3a8a"
          title={v.t('reports.months.chart')}
          desc={v.t('reports.chart.desc')}
          bars={r.months.map((m) => ({ label: m.month, value: m.count }))}
        />
        <table>
          <caption class="visually-hidden">{v.t('reports.months.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{v.t('reports.months.month')}</th>
              <th scope="col">{v.t('reports.months.count')}</th>
            </tr>
          </thead>
          <tbody>
            {r.months.map((m) => (
              <tr key={m.month}>
                <td>{m.month}</td>
                <td>{m.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Csv v={v} slug={slug} table="months" />
      </section>

      <section aria-labelledby="badges-heading">
        <h2 id="badges-heading">{v.t('reports.badges.title')}</h2>
        {r.badges.length > 0 && <HoldersChart v={v} id="chart-holders" color="#1b3a8a" title="reports.badges.chart" items={r.badges} />}
        <table id="report-badges">
          <thead>
            <tr>
              <th scope="col">{v.t('reports.badges.badge')}</th>
              <th scope="col">{v.t('reports.badges.organization')}</th>
              <th scope="col">{v.t('reports.badges.holders')}</th>
              <th scope="col">{v.t('reports.badges.issued')}</th>
              <th scope="col">{v.t('reports.badges.expiring')}</th>
              <th scope="col">{v.t('reports.badges.pending')}</th>
            </tr>
          </thead>
          <tbody>
            {r.badges.map((b) => (
              <tr key={b.id}>
                <td>
                  <a href={`/badges/${encodeURIComponent(b.id)}`}>{b.name}</a>
                </td>
                <td>{b.organization}</td>
                <td>{b.holders}</td>
                <td>{b.issued}</td>
                <td>{b.expiring}</td>
                <td>{b.pending}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Csv v={v} slug={slug} table="badges" />
      </section>

      {r.members.length > 0 && (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">{v.t('reports.members.title')}</h2>
          <table id="report-members">
            <thead>
              <tr>
                <th scope="col">{v.t('reports.badges.organization')}</th>
                <th scope="col">{v.t('reports.members.badges')}</th>
                <th scope="col">{v.t('reports.badges.issued')}</th>
                <th scope="col">{v.t('reports.badges.pending')}</th>
              </tr>
            </thead>
            <tbody>
              {r.members.map((m) => (
                <tr key={m.slug}>
                  <td>
                    <a href={`/organizations/${encodeURIComponent(m.slug)}`}>{m.name}</a>
                  </td>
                  <td>{m.badges}</td>
                  <td>{m.issued}</td>
                  <td>{m.pending}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Csv v={v} slug={slug} table="members" />
        </section>
      )}

      <section aria-labelledby="competences-heading">
        <h2 id="competences-heading">{v.t('reports.competences.title')}</h2>
        <p class="muted">{v.t('reports.competences.hint')}</p>
        {r.competences.length === 0 ? (
          <p class="muted">{v.t('reports.competences.none')}</p>
        ) : (
          <>
            <HoldersChart v={v} id="chart-competences" color="#1e6b35" title="reports.competences.chart" items={r.competences} />
            <table id="report-competences">
              <thead>
                <tr>
                  <th scope="col">{v.t('reports.competences.competence')}</th>
                  <th scope="col">{v.t('reports.competences.holders')}</th>
                  <th scope="col">{v.t('reports.competences.badges')}</th>
                </tr>
              </thead>
              <tbody>
                {r.competences.map((c) => (
                  <tr key={`${c.kind}:${c.name}`}>
                    <td>
                      {c.name} <span class="muted small">({v.t(`reports.competences.${c.kind}`)})</span>
                    </td>
                    <td>{c.holders}</td>
                    <td>{c.badges.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <Csv v={v} slug={slug} table="competences" />
      </section>
    </Layout>
  );
}
