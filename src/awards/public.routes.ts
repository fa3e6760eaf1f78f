// What verifiers and older backpacks fetch, all public JSON: an organisation's status lists and
// revocation list, and the OB 2.0 hosted Assertion, BadgeClass (with a PNG image) and Issuer.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { getOb2Assertion, getOb2BadgeClass, getOb2BadgeImage, getOb2Issuer } from './ob2.service';
import { getRevocationList, getStatusListCredential } from './revocation.service';

const versionQuery = z.object({ v: z.coerce.number().int().min(1).optional() });

function sendJson(reply: FastifyReply, body: unknown, options: { status?: number; maxAge?: number; type?: string } = {}): FastifyReply {
  return reply
    .status(options.status ?? 200)
    .header('content-type', `${options.type ?? 'application/json'}; charset=utf-8`)
    .header('cache-control', `public, max-age=${options.maxAge ?? 60}`)
    .header('access-control-allow-origin', '*')
    .send(JSON.stringify(body));
}

export function registerPublicStatusRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { slug: string; listId: string } }>('/organizations/:slug/status/:listId', async (request, reply) => {
    const list = await getStatusListCredential(deps, request.params.slug, request.params.listId);
    return sendJson(reply, list, { maxAge: 30 });
  });

  app.get<{ Params: { slug: string } }>('/organizations/:slug/revocations', async (request, reply) =>
    sendJson(reply, await getRevocationList(deps, request.params.slug), { maxAge: 30 }),
  );

  app.get<{ Params: { id: string } }>('/ob2/assertions/:id', async (request, reply) => {
    const { status, body } = await getOb2Assertion(deps, request.params.id);
    return sendJson(reply, body, { status, type: 'application/ld+json' });
  });

  app.get<{ Params: { id: string }; Querystring: unknown }>('/ob2/badges/:id', async (request, reply) => {
    const { v } = parseInput(versionQuery, request.query);
    return sendJson(reply, await getOb2BadgeClass(deps, request.params.id, v), { type: 'application/ld+json' });
  });

  app.get<{ Params: { id: string }; Querystring: unknown }>('/ob2/badges/:id/image', async (request, reply) => {
    const { v } = parseInput(versionQuery, request.query);
    const png = await getOb2BadgeImage(deps, request.params.id, v);
    return reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(png);
  });

  app.get<{ Params: { slug: string } }>('/ob2/issuers/:slug', async (request, reply) =>
    sendJson(reply, await getOb2Issuer(deps, request.params.slug), { type: 'application/ld+json' }),
  );
}
