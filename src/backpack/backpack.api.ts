// JSON API of imported badges: import one (verified on the way in; 422 with the failed checks and
// nothing stored when it fails), list them, check one again, remove one.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import type { Deps } from '../platform/deps';
import type { Locale, Translate } from '../i18n';
import { presentReport } from '../verify/present';
import { apiInput, verifyBody, verifyResponseSchema } from '../verify/verify.api';
import { type Collection, collectionPath, createCollection, deleteCollection, getCollection, getPublicProfile, listMyCollections, setProfile, setVisibility, updateCollection } from './collections';
import { exportBackpack } from './export';
import { type ImportedCredential, importCredential, importRefusalKey, listImported, recheckImported, removeImported } from './imports';

const TAG = 'backpack';

const importedSchema = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string().nullable(),
  format: z.string(),
  version: z.enum(['2.0', '3.0']).describe('Open Badges version'),
  image: z.string().nullable().describe("The badge's image URL (OB 2.0), when known"),
  validFrom: z.string().nullable().describe('When it was earned (validFrom, OB 2.0 issuedOn)'),
  validUntil: z.string().nullable().describe('When it expires (validUntil, OB 2.0 expires)'),
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
    version: c.version,
    image: c.image,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    status: c.verdict,
    verifiedAt: c.verifiedAt.toISOString(),
    verification: presentReport(c.report, t, locale),
  };
}

const collectionSchema = z.object({
  id: z.string(),
  url: z.string(),
  name: z.string(),
  description: z.string(),
  items: z.array(z.string()).describe('Public ids of its credentials, in order (only the public ones for others)'),
});

function collectionBody(deps: Deps, c: Collection): z.infer<typeof collectionSchema> {
  return { id: c.id, url: `${deps.config.baseUrl}${collectionPath(c.id)}`, name: c.name, description: c.description, items: c.items.map((i) => i.publicId) };
}

const collectionBodySchema = z.object({ name: z.string(), description: z.string().optional(), items: z.array(z.string()).optional() });

const earnerApiRoutes: ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: '/backpack/export',
    summary: 'Everything you hold in one ZIP archive: your account, every credential in its signed forms (JSON-LD, VC-JWT) with an index, your imported badges and your collections',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'application/zip' } },
    handler: async ({ deps, actor, reply }) => {
      const archive = await exportBackpack(deps, actor);
      reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${archive.filename}"`);
      return { body: Buffer.from(archive.bytes) };
    },
  }),
  apiRoute<{ visibility: string }>({
    method: 'POST',
    path: '/credentials/:id/visibility',
    summary: 'Set who sees one of your credentials: private (you and its issuer), link (anyone with its address; the default) or public (also on your public profile)',
    tag: TAG,
    auth: 'required',
    body: z.object({ visibility: z.enum(['private', 'link', 'public']), showEvidence: z.boolean().optional().describe('Show its evidence to everyone on its page (by default: its earner and issuer only)') }),
    responses: { 200: { description: 'Saved', schema: z.object({ visibility: z.string() }) } },
    handler: async ({ deps, actor, params, request }) => ({ body: { visibility: await setVisibility(deps, actor, params.id!, request.body) } }),
  }),
  apiRoute({
    method: 'GET',
    path: '/collections',
    summary: 'Your collections, with their credentials in order',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'Collections', schema: z.object({ items: z.array(collectionSchema) }) } },
    handler: async ({ deps, actor }) => ({ body: { items: (await listMyCollections(deps, actor)).map((c) => collectionBody(deps, c)) } }),
  }),
  apiRoute<z.infer<typeof collectionBodySchema>>({
    method: 'POST',
    path: '/collections',
    summary: 'Create a collection of your credentials (named, ordered)',
    tag: TAG,
    auth: 'required',
    body: collectionBodySchema,
    responses: { 201: { description: 'Created', schema: collectionSchema } },
    handler: async ({ deps, actor, request }) => ({ status: 201, body: collectionBody(deps, await createCollection(deps, actor, request.body)) }),
  }),
  apiRoute({
    method: 'GET',
    path: '/collections/:id',
    summary: 'A collection: whole for its owner; its public credentials for others, when its owner’s profile is public',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'The collection', schema: collectionSchema } },
    handler: async ({ deps, actor, params }) => ({ body: collectionBody(deps, await getCollection(deps, actor, params.id!)) }),
  }),
  apiRoute<z.infer<typeof collectionBodySchema>>({
    method: 'PUT',
    path: '/collections/:id',
    summary: 'Replace a collection’s name, description and credentials (in the order given)',
    tag: TAG,
    auth: 'required',
    body: collectionBodySchema,
    responses: { 200: { description: 'Saved', schema: collectionSchema } },
    handler: async ({ deps, actor, params, request }) => ({ body: collectionBody(deps, await updateCollection(deps, actor, params.id!, request.body)) }),
  }),
  apiRoute({
    method: 'DELETE',
    path: '/collections/:id',
    summary: 'Delete a collection (its credentials stay in your backpack)',
    tag: TAG,
    auth: 'required',
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ deps, actor, params }) => {
      await deleteCollection(deps, actor, params.id!);
      return { status: 204, body: undefined };
    },
  }),
  apiRoute<{ public: boolean; bio?: string }>({
    method: 'PUT',
    path: '/me/profile',
    summary: 'Make your profile public (your public credentials and the collections holding some) or not, with a short presentation',
    tag: TAG,
    auth: 'required',
    body: z.object({ public: z.boolean(), bio: z.string().optional() }),
    responses: { 200: { description: 'Saved', schema: z.object({ public: z.boolean(), bio: z.string(), url: z.string() }) } },
    handler: async ({ deps, actor, request }) => ({ body: await setProfile(deps, actor, request.body) }),
  }),
  apiRoute({
    method: 'GET',
    path: '/people/:id',
    summary: 'A person’s public profile (when they made it public)',
    tag: TAG,
    auth: 'none',
    responses: {
      200: {
        description: 'The profile',
        schema: z.object({ id: z.string(), name: z.string(), bio: z.string(), credentials: z.array(z.string()), collections: z.array(collectionSchema) }),
      },
    },
    handler: async ({ deps, params }) => {
      const p = await getPublicProfile(deps, params.id!);
      return { body: { id: p.id, name: p.name, bio: p.bio, credentials: p.credentials.map((c) => c.publicId), collections: p.collections.map((c) => collectionBody(deps, c)) } };
    },
  }),
];

export const backpackApiRoutes: ApiRoute[] = [
  ...earnerApiRoutes,
  apiRoute({
    method: 'POST',
    path: '/backpack/import',
    summary:
      'Import a badge earned elsewhere (Open Badges 3.0, or 2.0 awarded to one of your verified e-mail addresses): a JSON credential or assertion, a compact JWT/JWS (text/plain), an image (multipart field `file`) or {"url": …}; verified on the way in',
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
        return { status: 422, body: { error: { code: 'unverified', message: t(importRefusalKey(outcome.report)) }, verification: presentReport(outcome.report, t, locale) } };
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
