// Registers declared API routes on Fastify: authentication, input validation, one service call.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { type ApiRoute, requireActor } from './registry';

export function registerApiRoutes(app: FastifyInstance, deps: Deps, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: `/api/v1${route.path}`,
      handler: async (request, reply) => {
        if (route.auth === 'required') requireActor(request.actor);
        const body = route.body ? parseInput(route.body, request.body) : request.body;
        const query = route.query ? parseInput(route.query, request.query) : request.query;
        const result = await route.handler({
          deps,
          actor: request.actor,
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
