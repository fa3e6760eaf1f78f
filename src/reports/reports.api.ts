// JSON API of an organisation's reports (its issuers and managers).
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import { organizationReport } from './reports';

export const reportApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: '/organizations/:slug/reports',
    summary:
      'An organisation’s reports: per badge (current holders, awarded, expiring within 90 days, pending applications — member organisations’ badges too for a network owner), awards per month over 12 months, applications (pending, oldest, average time to decision), regional offers, member organisations, and the competence map (alignments and tags → holders)',
    tag: 'reports',
    auth: 'required',
    responses: { 200: { description: 'The report', schema: z.record(z.string(), z.unknown()) } },
    handler: async ({ deps, actor, params, locale }) => ({ body: await organizationReport(deps, actor, params.slug!, locale) }),
  }),
];
