// The page of a pathway: its steps and badges and, for a signed-in person, where they are and what comes next.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../platform/deps';
import { view } from '../web/http';
import { sendPage } from '../web/render';
import { PathwayPage } from './pages/pathway';
import type { View } from '../web/view';
import { listOrganizationPathways, pathwayPath, viewPathway } from './pathways.service';

export function registerPathwayRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { id: string } }>('/pathways/:id', async (request, reply) => {
    const result = await viewPathway(deps, request.actor, request.params.id, request.locale);
    return sendPage(reply, <PathwayPage v={view(request, reply)} {...result} />);
  });
}

/** The pathways section of an organisation's page (none: nothing shown). */
export async function organizationPathways(deps: Deps, v: View, slug: string) {
  const items = await listOrganizationPathways(deps, slug);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="pathways-heading">
      <h2 id="pathways-heading">{v.t('pathways.list.title')}</h2>
      <ul>
        {items.map((p) => (
          <li key={p.id}>
            <a href={pathwayPath(p.id)}>{p.name}</a>
            {p.description && <span class="muted"> — {p.description.split('\n')[0]}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
