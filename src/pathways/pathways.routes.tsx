// The page of a pathway: its steps and badges and, for a signed-in person, where they are and what comes next.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/deps';
import { view } from '../web/http';
import { sendPage } from '../web/render';
import { PathwayPage } from './pages/pathway';
import { viewPathway } from './pathways.service';

export function registerPathwayRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { id: string } }>('/pathways/:id', async (request, reply) => {
    const result = await viewPathway(deps, request.actor, request.params.id, request.locale);
    return sendPage(reply, <PathwayPage v={view(request, reply)} {...result} />);
  });
}
