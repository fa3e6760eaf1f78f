// Pages of organisations: list, creation, public page (HTML or JSON-LD issuer Profile), settings, logo.
// Members and invitations pages are in members.routes.tsx and invitations.routes.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organizationBadges } from '../badges/badges.routes';
import { organizationNetworks } from '../networks/networks.routes';
import { organizationPathways } from '../pathways/pathways.routes';
import { AppError } from '../errors';
import type { Deps } from '../platform/deps';
import { parseInput } from '../platform/validate';
import { redirectAfterPost, signInRedirect, view, wantsJson } from '../web/http';
import { sendPage, translateFields } from '../web/render';
import { registerInvitationRoutes } from './invitations.routes';
import { type FormBody, text, tryForm } from './forms';
import { readLogoUpload } from './logo';
import { registerMemberRoutes } from './members.routes';
import { type Organization, can } from './organizations';
import { pageQuerySchema } from './organizations.schemas';
import {
  createOrganization,
  getIssuerProfile,
  getOrganization,
  getOrganizationLogo,
  listOrganizationsPage,
  requireOrganizationAccess,
  rolesOf,
  setOrganizationLogoImage,
  updateOrganizationProfile,
} from './organizations.service';
import { orgPath } from './pages/common';
import { NewOrganizationPage, OrganizationListPage } from './pages/list';
import type { ProfileValues } from './pages/profile-form';
import { SettingsPage } from './pages/settings';
import { OrganizationPage } from './pages/show';

type SlugParams = { Params: { slug: string } };

function profileValues(body: FormBody): ProfileValues {
  return { name: text(body, 'name'), description: text(body, 'description'), url: text(body, 'url'), email: text(body, 'email') };
}

function orgValues(org: Organization): ProfileValues {
  return { name: org.name, description: org.description, url: org.url ?? '', email: org.email ?? '' };
}

export function registerOrganizationRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Querystring: unknown }>('/organizations', async (request, reply) => {
    const { page } = parseInput(pageQuerySchema, request.query);
    const result = await listOrganizationsPage(deps, page);
    return sendPage(reply, <OrganizationListPage v={view(request, reply)} {...result} />);
  });

  app.get('/organizations/new', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    return sendPage(reply, <NewOrganizationPage v={view(request, reply)} values={{}} />);
  });

  app.post<{ Body: FormBody }>('/organizations', async (request, reply) => {
    const body = request.body ?? {};
    const values = profileValues(body);
    const result = await tryForm(() =>
      createOrganization(deps, request.actor, {
        name: values.name ?? '',
        ...(values.description ? { description: values.description } : {}),
        ...(values.url ? { url: values.url } : {}),
        ...(values.email ? { email: values.email } : {}),
      }),
    );
    if (result instanceof AppError) {
      const page = <NewOrganizationPage v={view(request, reply)} values={values} errors={translateFields(request.t, result.fields)} />;
      return sendPage(reply, page, result.status);
    }
    return redirectAfterPost(reply, orgPath(result.slug), 'organizations.flash.created');
  });

  app.get<SlugParams>('/organizations/:slug', async (request, reply) => {
    if (wantsJson(request)) return sendProfile(request, reply, deps);
    const org = await getOrganization(deps, request.params.slug);
    const roles = await rolesOf(deps, request.actor, org);
    const actor = { isAdmin: request.actor?.isAdmin ?? false };
    reply.header('vary', 'Accept');
    const v = view(request, reply);
    return sendPage(
      reply,
      <OrganizationPage
        v={v}
        org={org}
        canEdit={can(roles, 'org.edit', actor)}
        canManageMembers={can(roles, 'org.members', actor)}
        badges={
          <>
            {await organizationBadges(deps, v, org.slug)}
            {await organizationPathways(deps, v, org.slug)}
            {await organizationNetworks(deps, v, org.slug)}
          </>
        }
      />,
    );
  });

  app.get<SlugParams>('/organizations/:slug/logo.png', async (request, reply) => {
    const { png, etag } = await getOrganizationLogo(deps, request.params.slug);
    reply
      .header('cache-control', 'public, max-age=3600')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .header('access-control-allow-origin', '*');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.header('content-type', 'image/png').send(png);
  });

  app.get<SlugParams>('/organizations/:slug/settings', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const { organization: org } = await requireOrganizationAccess(deps, request.actor, request.params.slug, 'org.edit');
    return sendPage(reply, <SettingsPage v={view(request, reply)} org={org} values={orgValues(org)} maxUploadKb={maxKb(deps)} />);
  });

  app.post<SlugParams & { Body: FormBody }>('/organizations/:slug/settings', async (request, reply) => {
    const { slug } = request.params;
    const body = request.body ?? {};
    const values = profileValues(body);
    const result = await tryForm(() =>
      updateOrganizationProfile(deps, request.actor, slug, {
        name: values.name ?? '',
        description: values.description ?? '',
        url: values.url || null,
        email: values.email || null,
      }),
    );
    if (result instanceof AppError) {
      const org = await getOrganization(deps, slug);
      const errors = translateFields(request.t, result.fields);
      const page = <SettingsPage v={view(request, reply)} org={org} values={values} errors={errors} maxUploadKb={maxKb(deps)} />;
      return sendPage(reply, page, result.status);
    }
    return redirectAfterPost(reply, orgPath(slug, '/settings'), 'flash.saved');
  });

  app.post<SlugParams>('/organizations/:slug/logo', async (request, reply) => {
    const { slug } = request.params;
    const result = await tryForm(async () =>
      setOrganizationLogoImage(deps, request.actor, slug, await readLogoUpload(request, deps.config.maxUploadBytes)),
    );
    if (result instanceof AppError) {
      // Nothing was changed; show the settings page again with the error next to the file field.
      const { organization: org } = await requireOrganizationAccess(deps, request.actor, slug, 'org.edit');
      const logoErrors = translateFields(request.t, result.fields);
      const page = <SettingsPage v={view(request, reply)} org={org} values={orgValues(org)} logoErrors={logoErrors} maxUploadKb={maxKb(deps)} />;
      return sendPage(reply, page, result.status);
    }
    return redirectAfterPost(reply, orgPath(slug, '/settings'), 'organizations.flash.logo');
  });

  registerMemberRoutes(app, deps);
  registerInvitationRoutes(app, deps);
}

function maxKb(deps: Deps): number {
  return Math.floor(deps.config.maxUploadBytes / 1024);
}

/** The OB 3.0 issuer Profile, as JSON-LD for machines (public, cacheable, readable from any origin). */
async function sendProfile(request: FastifyRequest<SlugParams>, reply: FastifyReply, deps: Deps): Promise<FastifyReply> {
  const profile = await getIssuerProfile(deps, request.params.slug);
  const ld = (request.headers.accept ?? '').includes('application/ld+json');
  return reply
    .header('content-type', `${ld ? 'application/ld+json' : 'application/json'}; charset=utf-8`)
    .header('vary', 'Accept')
    .header('cache-control', 'public, max-age=300')
    .header('access-control-allow-origin', '*')
    .send(JSON.stringify(profile));
}
