// The Open Badges 3.0 API's own shapes (spec §6): the Imsx_StatusInfo errors, paging (X-Total-Count
// and RFC 8288 Link headers), the person's Profile. Pure functions.
import { z } from 'zod';

export const OB_API_PATH = '/ims/ob/v3p0';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export type ImsxCodeMinor =
  | 'forbidden'
  | 'internal_server_error'
  | 'invalid_data'
  | 'invalid_query_parameter'
  | 'not_acceptable'
  | 'not_allowed'
  | 'not_found'
  | 'unauthorizedrequest'
  | 'unknown';

export interface ImsxStatusInfo {
  imsx_codeMajor: 'failure';
  imsx_severity: 'error';
  imsx_description: string;
  imsx_codeMinor: { imsx_codeMinorField: { imsx_codeMinorFieldName: string; imsx_codeMinorFieldValue: ImsxCodeMinor }[] };
}

export function imsxStatus(codeMinor: ImsxCodeMinor, description: string): ImsxStatusInfo {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }] },
  };
}

const MINOR_OF_STATUS: Record<number, ImsxCodeMinor> = {
  400: 'invalid_data',
  401: 'unauthorizedrequest',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_allowed',
  406: 'not_acceptable',
  415: 'not_acceptable',
  500: 'internal_server_error',
};

export function codeMinorOf(status: number): ImsxCodeMinor {
  return MINOR_OF_STATUS[status] ?? (status >= 500 ? 'internal_server_error' : 'unknown');
}

export const pagingSchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});
export type PagingQuery = z.infer<typeof pagingSchema>;

/** The Link header of one page (spec §6.4): first and last always, next when more follow, prev after the first. */
export function pagingLinks(url: string, page: { limit: number; offset: number; total: number; since?: string | undefined }): string {
  const href = (offset: number) => {
    const u = new URL(url);
    u.searchParams.set('limit', String(page.limit));
    u.searchParams.set('offset', String(offset));
    if (page.since) u.searchParams.set('since', page.since);
    return `<${u.toString()}>`;
  };
  const last = page.total === 0 ? 0 : Math.floor((page.total - 1) / page.limit) * page.limit;
  const links = [`${href(0)}; rel="first"`, `${href(last)}; rel="last"`];
  if (page.offset + page.limit < page.total) links.unshift(`${href(page.offset + page.limit)}; rel="next"`);
  if (page.offset > 0) links.push(`${href(Math.max(0, Math.min(page.offset - page.limit, last)))}; rel="prev"`);
  return links.join(', ');
}

/** What PUT /profile accepts: an OB 3.0 Profile, of which the name and the description are kept. */
export const profileUpdateSchema = z.looseObject({
  id: z.string().optional(),
  type: z.union([z.literal('Profile'), z.array(z.string()).refine((t) => t.includes('Profile'))]),
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().max(2000).optional(),
});
