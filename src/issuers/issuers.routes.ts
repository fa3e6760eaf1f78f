// What verifiers fetch: an organisation's did:web DID document and its JWKS.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/deps';
import { organizationDidDocument, organizationJwks } from './issuers.service';

export function registerIssuerRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { slug: string } }>('/organizations/:slug/did.json', async (request, reply) => {
    const document = await organizationDidDocument(deps, request.params.slug);
    return reply.header('content-type', 'application/did+json').header('cache-control', 'public, max-age=300').send(document);
  });
  app.get<{ Params: { slug: string } }>('/organizations/:slug/jwks.json', async (request, reply) => {
    const jwks = await organizationJwks(deps, request.params.slug);
    return reply.header('content-type', 'application/jwk-set+json').header('cache-control', 'public, max-age=300').send(jwks);
  });
}
