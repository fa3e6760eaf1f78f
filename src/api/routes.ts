// Registers declared API routes on Fastify: authentication, input validation, one service call.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';
import { requireScope } from '../integrations/integrations';
import type { Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { type ApiRoute, requireActor } from './registry';

export function registerApiRoutes(app: FastifyInstance, deps: Deps, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.root ? route.path : `/api/v1${route.path}`,
      ...(route.rateLimit ? { config: { rateLimit: route.rateLimit } } : {}),
      handler: async (request, reply) => {
        if (route.auth === 'required') {
          // An organisation token works only where a route accepts one, with that scope.
          if (request.orgToken) {
            if (!route.orgScope) throw new AppError('forbidden', 'integrations.tokens.notHere');
            requireScope(request.orgToken, route.orgScope);
          } else requireActor(request.actor);
        }
        const body = route.body ? parseInput(route.body, request.body) : request.body;
        const query = route.query ? parseInput(route.query, request.query) : request.query;
        const result = await route.handler({
          deps,
          actor: request.actor,
          orgToken: route.orgScope ? request.orgToken : null,
          params: request.params as Record<string, string>,
          body,
          query,
          t: request.t,
          locale: request.locale,
          request,
          reply,
        });
        if (reply.sent) return reply;
        return reply.status(result.status ?? 200).send(result.body);
      },
    });
  }
}
