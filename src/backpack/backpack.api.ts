// JSON API of imported badges: import one (verified on the way in; 422 with the failed checks and
// nothing stored when it fails), list them, check one again, remove one.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import type { Deps } from '../platform/deps';
import type { Locale, Translate } from '../i18n';
import { presentReport } from '../verify/present';
import { apiInput, verifyBody, verifyResponseSchema } from '../verify/verify.api';
import { type ImportedCredential, importCredential, listImported, recheckImported, removeImported } from './imports';

const TAG = 'backpack';

const importedSchema = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string().nullable(),
  format: z.string(),
  status: z.string().describe('The verdict of the last verification: valid, revoked, expired, not_authentic…'),
  verifiedAt: z.string(),
  verification: verifyResponseSchema,
});

export function importedBody(_deps: Deps, c: ImportedCredential, t: Translate, locale: Locale): z.infer<typeof importedSchema> {
  return {
    id: c.id,
    name: c.name,
    issuer: c.issuerName,
    format: c.format,
    status: c.verdict,
    verifiedAt: c.verifiedAt.toISOString(),
    verification: presentReport(c.report, t, locale),
  };
}

export const backpackApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'POST',
    path: '/backpack/import',
    summary: 'Import a badge earned elsewhere: a JSON credential, a compact JWT (text/plain), an image (multipart field `file`) or {"url": …}; verified on the way in',
    tag: TAG,
    auth: 'required',
    body: verifyBody,
    rawBody: [
      { contentType: 'text/plain', description: 'A compact VC-JWT' },
      { contentType: 'multipart/form-data', description: 'A baked PNG or SVG image, or a JSON/JWT file, in the field `file`' },
    ],
    responses: {
      201: { description: 'Imported', schema: importedSchema },
      409: { description: 'In your backpack already' },
      422: { description: 'The credential failed verification: nothing was stored', schema: z.object({ error: z.object({ code: z.string(), message: z.string() }), verification: verifyResponseSchema }) },
    },
    handler: async ({ deps, actor, request, body, t, locale }) => {
      const input = await apiInput(request, body, deps.config.maxUploadBytes);
      const outcome = await importCredential(deps, request.server.verifyServices, actor, input);
      if (!outcome.ok)
        return { status: 422, body: { error: { code: 'unverified', message: t('backpack.import.invalid') }, verification: presentReport(outcome.report, t, locale) } };
      return { status: 201, body: importedBody(deps, outcome.imported, t, locale) };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/backpack/imports',
    summary: 'The badges you imported, with their last verification',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'Newest first', schema: z.object({ items: z.array(importedSchema) }) } },
    handler: async ({ deps, actor, t, locale }) => ({ body: { items: (await listImported(deps, actor)).map((c) => importedBody(deps, c, t, locale)) } }),
  }),
  apiRoute({
    method: 'POST',
    path: '/backpack/imports/:id/verify',
    summary: 'Check an imported badge again now (its issuer may have revoked it)',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'Checked', schema: importedSchema } },
    handler: async ({ deps, actor, params, request, t, locale }) => ({ body: importedBody(deps, await recheckImported(deps, request.server.verifyServices, actor, params.id!), t, locale) }),
  }),
  apiRoute({
    method: 'DELETE',
    path: '/backpack/imports/:id',
    summary: 'Remove an imported badge from your backpack',
    tag: TAG,
    auth: 'required',
    responses: { 204: { description: 'Removed' } },
    handler: async ({ deps, actor, params }) => {
      await removeImported(deps, actor, params.id!);
      return { status: 204, body: undefined };
    },
  }),
];
