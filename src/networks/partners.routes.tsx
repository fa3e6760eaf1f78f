// Pages of partners and organisations' endorsements (see pages/partners.tsx): one page per
// organisation, its forms answering with a redirect, or the page again with the reason.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { organizationsToApplyFor } from '../applications/applications.service';
import { textsIn } from '../badges/badges';
import { listOrganizationBadges } from '../badges/badges.service';
import { AppError } from '../errors';
import { can } from '../organizations/organizations';
import { text, tryForm } from '../organizations/forms';
import { getOrganization, rolesOf } from '../organizations/organizations.service';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { sendPage, translateFields } from '../web/render';
import type { MessageKey } from '../i18n';
import { endorsementsGivenBy, shownEndorsements, withdrawEndorsement } from './endorsements';
import { PartnersPage } from './pages/partners';
import {
  addPartner,
  answerEndorsementRequest,
  endorseAsOrganization,
  listPartners,
  listReceivedRequests,
  partnersPath,
  removePartner,
  requestEndorsement,
} from './partners';

type SlugParams = { Params: { slug: string } };
type Body = { Body: Record<string, unknown> };

async function partnersPage(deps: Deps, request: FastifyRequest, reply: FastifyReply, slug: string, message?: string, status = 200) {
  const org = await getOrganization(deps, slug);
  const actor = request.actor;
  const managed = actor ? await organizationsToApplyFor(deps, actor) : [];
  const manages = actor !== null && can(await rolesOf(deps, actor, org), 'org.edit', actor);
  const page = await listOrganizationBadges(deps, actor, slug, { limit: 200, offset: 0 });
  const badges = page.items.filter((b) => b.status === 'published').map((b) => ({ value: b.publicId, label: textsIn(b.achievement, request.locale).name }));
  const partners = await listPartners(deps, slug);
  let manage = null;
  if (manages) {
    const all = await deps.db.selectFrom('organizations').select(['slug', 'name']).where('id', '<>', org.id).orderBy('name').limit(300).execute();
    const taken = new Set(partners.map((p) => p.slug));
    manage = {
      candidates: all.filter((o) => !taken.has(o.slug)).map((o) => ({ value: o.slug, label: o.name })),
      requests: await listReceivedRequests(deps, actor, slug),
      given: await endorsementsGivenBy(deps.db, org.id),
    };
  }
  return sendPage(
    reply,
    <PartnersPage
      v={view(request, reply)}
      organization={{ slug: org.slug, name: org.name }}
      partners={partners}
      endorsements={await shownEndorsements(deps.db, 'subject_organization_id', org.id)}
      badges={badges}
      endorseAs={managed.filter((o) => o.slug !== org.slug).map((o) => ({ value: o.slug, label: o.name }))}
      manage={manage}
      message={message}
    />,
    status,
  );
}

export function registerPartnerRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<SlugParams>('/organizations/:slug/partners', async (request, reply) => partnersPage(deps, request, reply, request.params.slug));

  /** Runs a form's use case: a redirect to the partners page with a flash, or the page again with the reason. */
  const form = async (request: FastifyRequest, reply: FastifyReply, slug: string, run: () => Promise<unknown>, flash: MessageKey) => {
    if (!request.actor) return signInRedirect(request, reply);
    const result = await tryForm(run);
    if (result instanceof AppError) {
      const first = Object.values(translateFields(request.t, result.fields))[0];
      const reason = first ?? request.t(result.messageKey, result.params);
      return partnersPage(deps, request, reply, slug, reason, result.status);
    }
    return redirectAfterPost(reply, partnersPath(slug), flash);
  };

  app.post<SlugParams & Body>('/organizations/:slug/partners', async (request, reply) =>
    form(request, reply, request.params.slug, () => addPartner(deps, request.actor, request.params.slug, { partner: text(request.body ?? {}, 'partner') }), 'networks.partners.added'),
  );
  app.post<{ Params: { slug: string; partner: string } }>('/organizations/:slug/partners/:partner/remove', async (request, reply) =>
    form(request, reply, request.params.slug, () => removePartner(deps, request.actor, request.params.slug, request.params.partner), 'networks.partners.removed'),
  );
  app.post<{ Params: { slug: string; id: string } } & Body>('/organizations/:slug/endorsements/:id/withdraw', async (request, reply) =>
    form(request, reply, request.params.slug, () => withdrawEndorsement(deps, request.actor, request.params.id, text(request.body ?? {}, 'reason')), 'networks.endorsements.withdrawn'),
  );
  app.post<SlugParams & Body>('/organizations/:slug/endorse', async (request, reply) => {
    const body = request.body ?? {};
    const what = text(body, 'what');
    const as = text(body, 'as');
    return form(
      request,
      reply,
      request.params.slug,
      () => endorseAsOrganization(deps, request.actor, as, { ...(what ? { badge: what } : { organization: request.params.slug }), comment: text(body, 'comment') }),
      'networks.partners.endorsed',
    );
  });
  app.post<SlugParams & Body>('/organizations/:slug/endorsement-requests', async (request, reply) => {
    const body = request.body ?? {};
    const badge = text(body, 'badge');
    return form(
      request,
      reply,
      request.params.slug,
      () => requestEndorsement(deps, request.actor, request.params.slug, { endorser: text(body, 'endorser'), ...(badge ? { badge } : {}), message: text(body, 'message') }),
      'networks.partners.requested',
    );
  });
  app.post<{ Params: { id: string } } & Body>('/endorsement-requests/:id/answer', async (request, reply) => {
    const body = request.body ?? {};
    const row = await deps.db
      .selectFrom('endorsement_requests as r')
      .innerJoin('organizations as o', 'o.id', 'r.endorser_organization_id')
      .select('o.slug')
      .where('r.public_id', '=', request.params.id)
      .executeTakeFirst();
    if (!row) return reply.callNotFound();
    return form(request, reply, row.slug, () => answerEndorsementRequest(deps, request.actor, request.params.id, { accept: text(body, 'accept'), comment: text(body, 'comment') }), 'networks.partners.answered');
  });
}
