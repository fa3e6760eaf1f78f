// The reports page of an organisation and its tables as CSV (csv-stringify), for its issuers and managers.
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { fail } from '../errors';
import type { Translate } from '../i18n';
import type { Deps } from '../platform/deps';
import { signInRedirect, view } from '../web/http';
import { sendPage } from '../web/render';
import { ReportsPage } from './pages/reports';
import { type OrganizationReport, organizationReport } from './reports';

export const TABLES = ['badges', 'months', 'members', 'competences'] as const;
export type ReportTable = (typeof TABLES)[number];

/** One table of the report as CSV rows, with a header row in the reader's language. */
export function reportCsv(report: OrganizationReport, table: ReportTable, t: Translate): string {
  const rows: (string | number)[][] =
    table === 'badges'
      ? [
          [t('reports.badges.badge'), t('reports.badges.organization'), t('reports.badges.holders'), t('reports.badges.issued'), t('reports.badges.expiring'), t('reports.badges.pending')],
          ...report.badges.map((b) => [b.name, b.organization, b.holders, b.issued, b.expiring, b.pending]),
        ]
      : table === 'months'
        ? [[t('reports.months.month'), t('reports.months.count')], ...report.months.map((m) => [m.month, m.count])]
        : table === 'members'
          ? [[t('reports.badges.organization'), t('reports.members.badges'), t('reports.badges.issued'), t('reports.badges.pending')], ...report.members.map((m) => [m.name, m.badges, m.issued, m.pending])]
          : [[t('reports.competences.competence'), t('reports.competences.holders'), t('reports.competences.badges')], ...report.competences.map((c) => [c.name, c.holders, c.badges.join(', ')])];
  return stringify(rows);
}

export function parseTable(value: unknown): ReportTable {
  if (typeof value === 'string' && (TABLES as readonly string[]).includes(value)) return value as ReportTable;
  throw fail.field('table', 'reports.table.unknown');
}

export function registerReportRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { slug: string } }>('/organizations/:slug/reports', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const report = await organizationReport(deps, request.actor, request.params.slug, request.locale);
    return sendPage(reply, <ReportsPage v={view(request, reply)} report={report} />);
  });

  app.get<{ Params: { slug: string }; Querystring: { table?: string } }>('/organizations/:slug/reports.csv', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const table = parseTable(request.query.table);
    const report = await organizationReport(deps, request.actor, request.params.slug, request.locale);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${request.params.slug}-${table}.csv"`)
      .send(`\ufeff${reportCsv(report, table, request.t)}`);
  });
}
