// Pages of pathways: a pathway (its steps and badges and, for a signed-in person, where they are and
// what comes next; copying a template; publishing a draft), and the form of a new pathway.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { textsIn } from '../badges/badges';
import { listOrganizationBadges } from '../badges/badges.service';
import { AppError } from '../errors';
import { can } from '../organizations/organizations';
import { type FormBody, list, text, tryForm } from '../organizations/forms';
import { getOrganization, organizationsWhereActorMay, rolesOf } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { sendPage, translateFields } from '../web/render';
import type { View } from '../web/view';
import { type PathwayFormValues, PathwayFormPage, STEP_ROWS, emptyPathwayForm } from './pages/form';
import { PathwayPage } from './pages/pathway';
import { copyPathway, createPathway, listOrganizationPathways, pathwayPath, publishPathway, viewPathway } from './pathways.service';

type IdParams = { Params: { id: string } };
type SlugParams = { Params: { slug: string } };

/** Organisations the actor designs badges for. */
async function designedOrganizations(deps: Deps, actor: Actor | null): Promise<{ slug: string; name: string }[]> {
  return actor ? organizationsWhereActorMay(deps, actor, 'badge.design') : [];
}

async function pathwayPage(deps: Deps, request: FastifyRequest, reply: FastifyReply, id: string, status = 200) {
  const result = await viewPathway(deps, request.actor, id, request.locale);
  const designs = await designedOrganizations(deps, request.actor);
  const mine = designs.some((o) => o.slug === result.pathway.organizationSlug);
  const copyTo = result.pathway.template && result.pathway.status === 'published' ? designs.filter((o) => o.slug !== result.pathway.organizationSlug) : [];
  return sendPage(reply, <PathwayPage v={view(request, reply)} {...result} copyTo={copyTo} mayPublish={mine && result.pathway.status === 'draft'} />, status);
}

function formValues(body: FormBody): PathwayFormValues {
  return {
    name: text(body, 'name'),
    description: text(body, 'description'),
    template: text(body, 'template') === 'on',
    steps: Array.from({ length: STEP_ROWS }, (_, i) => ({
      name: text(body, `step${i}_name`),
      badges: list(body, `step${i}_badges`),
      count: text(body, `step${i}_count`),
      open: text(body, `step${i}_open`) === 'on',
    })),
  };
}

/** The filled rows as the API's steps (empty rows dropped; indexes are those of the kept steps). */
function formInput(values: PathwayFormValues): Record<string, unknown> {
  const steps = values.steps
    .filter((s) => s.name || s.badges.length > 0)
    .map((s) => ({ name: s.name, badges: s.badges, ...(s.count ? { count: Number(s.count) } : {}), ...(s.open ? { requires: [] } : {}) }));
  return { name: values.name, description: values.description, template: values.template, steps };
}

async function formPage(deps: Deps, request: FastifyRequest, reply: FastifyReply, slug: string, values: PathwayFormValues, error?: AppError) {
  const org = await getOrganization(deps, slug);
  const page = await listOrganizationBadges(deps, request.actor, slug, { limit: 200, offset: 0 });
  const badges = page.items.filter((b) => b.status !== 'archived').map((b) => ({ id: b.publicId, name: textsIn(b.achievement, request.locale).name }));
  return sendPage(
    reply,
    <PathwayFormPage
      v={view(request, reply)}
      organization={{ slug: org.slug, name: org.name }}
      badges={badges}
      values={values}
      errors={error ? translateFields(request.t, error.fields) : undefined}
      message={error && error.code !== 'validation' ? request.t(error.messageKey, error.params) : undefined}
    />,
    error?.status ?? 200,
  );
}

export function registerPathwayRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<IdParams>('/pathways/:id', async (request, reply) => pathwayPage(deps, request, reply, request.params.id));

  app.get<SlugParams>('/organizations/:slug/pathways/new', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const org = await getOrganization(deps, request.params.slug);
    if (!can(await rolesOf(deps, request.actor, org), 'badge.design', request.actor)) return reply.callNotFound();
    return formPage(deps, request, reply, request.params.slug, emptyPathwayForm());
  });

  app.post<SlugParams & { Body: FormBody }>('/organizations/:slug/pathways', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const values = formValues(request.body ?? {});
    const result = await tryForm(() => createPathway(deps, request.actor, request.params.slug, formInput(values)));
    if (result instanceof AppError) return formPage(deps, request, reply, request.params.slug, values, result);
    return redirectAfterPost(reply, pathwayPath(result.id), 'pathways.flash.created');
  });

  app.post<IdParams & { Body: FormBody }>('/pathways/:id/copy', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const result = await tryForm(() => copyPathway(deps, request.actor, request.params.id, { organization: text(request.body ?? {}, 'organization') }));
    if (result instanceof AppError) return pathwayPage(deps, request, reply, request.params.id, result.status);
    return redirectAfterPost(reply, pathwayPath(result.id), 'pathways.flash.copied');
  });

  app.post<IdParams>('/pathways/:id/publish', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    await publishPathway(deps, request.actor, request.params.id);
    return redirectAfterPost(reply, pathwayPath(request.params.id), 'pathways.flash.published');
  });
}

/** The pathways section of an organisation's page (with "new pathway" for its designers). */
export async function organizationPathways(deps: Deps, v: View, slug: string) {
  const items = await listOrganizationPathways(deps, slug);
  const designs = v.user ? (await designedOrganizations(deps, v.user)).some((o) => o.slug === slug) : false;
  if (items.length === 0 && !designs) return null;
  return (
    <section aria-labelledby="pathways-heading">
      <h2 id="pathways-heading">{v.t('pathways.list.title')}</h2>
      <ul>
        {items.map((p) => (
          <li key={p.id}>
            <a href={pathwayPath(p.id)}>{p.name}</a>
            {p.template && <span class="tag"> {v.t('pathways.page.template')}</span>}
            {p.description && <span class="muted"> — {p.description.split('\n')[0]}</span>}
          </li>
        ))}
      </ul>
      {designs && (
        <p>
          <a class="button secondary" href={`/organizations/${encodeURIComponent(slug)}/pathways/new`}>
            {v.t('pathways.form.new')}
          </a>
        </p>
      )}
    </section>
  );
}
