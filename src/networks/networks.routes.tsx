// Pages of networks: a network (and the form to join it), the regional offers of the signed-in
// person, the signed endorsements (JSON), and the sections other pages show (an organisation's
// networks, the mappings proposed with a participant application).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applicationPath } from '../applications/applications';
import { credentialPath, credentialUrl } from '../awards/awards';
import { credentialPage, shownCredential } from '../awards/awards.routes';
import { AppError } from '../errors';
import { text, tryForm } from '../organizations/forms';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { sendPage, translateFields } from '../web/render';
import type { View } from '../web/view';
import { endorsementDocument, withdrawEndorsement } from './endorsements';
import { OFFERS_PATH, networkPath } from './networks';
import { createNetwork, getNetwork, joinNetwork, listMappings, listOrganizationNetworks, managedOrganizations } from './networks.service';
import { decideBadgeProposal, listBadgeProposals, mayDecideProposals, proposeBadge } from './proposals';
import { acceptOffer, declineOffer, listMyOffers } from './offers';
import { partnersPath } from './partners';
import { credentialEndorsements, endorseCredential, endorsedCredentialOf, setEndorsementDisplay } from './recognition';
import { type JoinFormValues, MappingLine, NetworkPage } from './pages/network';
import { OffersPage } from './pages/offers';
import { type NetworkFormValues, NewNetworkPage } from './pages/new-network';
import { textsIn } from '../badges/badges';
import { listOrganizationBadges } from '../badges/badges.service';
import { can } from '../organizations/organizations';
import { getOrganization, rolesOf } from '../organizations/organizations.service';

type IdParams = { Params: { id: string } };

function joinValues(body: Record<string, unknown>): JoinFormValues {
  return {
    organization: text(body, 'organization'),
    badge: text(body, 'badge'),
    target: text(body, 'target'),
    coversAll: text(body, 'coversAll') || 'yes',
    remarks: text(body, 'remarks'),
    narrative: text(body, 'narrative'),
  };
}

/** The form's one proposal as the API's input: `badge` is `<organisation>|<badge>`, `target` is `<regional badge>|<level>`. */
function joinInput(values: JoinFormValues): Record<string, unknown> {
  const [organization = '', badge = ''] = values.badge.split('|');
  const [regionalBadge = '', level = ''] = values.target.split('|');
  return {
    organization: organization || values.organization,
    narrative: values.narrative,
    mappings: [{ badge, regionalBadge, ...(level ? { level } : {}), coversAll: values.coversAll === 'yes', remarks: values.remarks }],
  };
}

async function networkPage(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  form?: Parameters<typeof NetworkPage>[0]['form'],
  status = 200,
  proposalMessage?: string,
) {
  const network = await getNetwork(deps, id, request.locale);
  const joinable = request.actor ? await managedOrganizations(deps, request.actor, id, 'joinable') : null;
  const proposals = {
    items: await listBadgeProposals(deps, request.actor, id, request.locale),
    decide: await mayDecideProposals(deps, request.actor, id),
    members: request.actor ? await managedOrganizations(deps, request.actor, id, 'members') : [],
    message: proposalMessage,
  };
  return sendPage(reply, <NetworkPage v={view(request, reply)} network={network} joinable={joinable} proposals={proposals} form={form} />, status);
}

async function newNetworkPage(deps: Deps, request: FastifyRequest, reply: FastifyReply, slug: string, values: NetworkFormValues, error?: AppError) {
  const org = await getOrganization(deps, slug);
  const page = await listOrganizationBadges(deps, request.actor, slug, { limit: 200, offset: 0 });
  const badges = page.items.filter((b) => b.status === 'published').map((b) => ({ id: b.publicId, name: textsIn(b.achievement, request.locale).name }));
  const errors = error ? translateFields(request.t, error.fields) : undefined;
  return sendPage(reply, <NewNetworkPage v={view(request, reply)} organization={{ slug: org.slug, name: org.name }} badges={badges} values={values} errors={errors} />, error?.status ?? 200);
}

export function registerNetworkRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { slug: string } }>('/organizations/:slug/networks/new', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const org = await getOrganization(deps, request.params.slug);
    if (!can(await rolesOf(deps, request.actor, org), 'org.edit', request.actor)) return reply.callNotFound();
    return newNetworkPage(deps, request, reply, request.params.slug, { name: '', description: '', participantBadge: '' });
  });

  app.post<{ Params: { slug: string }; Body: Record<string, unknown> }>('/organizations/:slug/networks', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const body = request.body ?? {};
    const values = { name: text(body, 'name'), description: text(body, 'description'), participantBadge: text(body, 'participantBadge') };
    const result = await tryForm(() => createNetwork(deps, request.actor, request.params.slug, values));
    if (result instanceof AppError) return newNetworkPage(deps, request, reply, request.params.slug, values, result);
    return redirectAfterPost(reply, networkPath(result.id), 'networks.form.created');
  });

  app.get<IdParams>('/networks/:id', async (request, reply) => networkPage(deps, request, reply, request.params.id));

  app.post<IdParams & { Body: Record<string, unknown> }>('/networks/:id/join', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const values = joinValues(request.body ?? {});
    const result = await tryForm(() => joinNetwork(deps, request.actor, request.params.id, joinInput(values)));
    if (result instanceof AppError)
      return networkPage(
        deps,
        request,
        reply,
        request.params.id,
        {
          values,
          errors: translateFields(request.t, result.fields),
          message: result.code === 'validation' ? undefined : request.t(result.messageKey, result.params),
        },
        result.status,
      );
    return redirectAfterPost(reply, applicationPath(result.application), 'networks.join.sent');
  });

  app.post<IdParams & { Body: Record<string, unknown> }>('/networks/:id/badge-proposals', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const [organization = '', badge = ''] = text(request.body ?? {}, 'badge').split('|');
    const result = await tryForm(() => proposeBadge(deps, request.actor, request.params.id, { organization, badge, message: text(request.body ?? {}, 'message') }));
    if (result instanceof AppError) {
      const first = Object.values(translateFields(request.t, result.fields))[0];
      return networkPage(deps, request, reply, request.params.id, undefined, result.status, first ?? request.t(result.messageKey, result.params));
    }
    return redirectAfterPost(reply, `${networkPath(request.params.id)}#proposals`, 'networks.proposals.sent');
  });

  app.post<IdParams & { Body: Record<string, unknown> }>('/badge-proposals/:id/decide', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const decided = await decideBadgeProposal(deps, request.actor, request.params.id, { accept: text(request.body ?? {}, 'accept') });
    return redirectAfterPost(reply, `${networkPath(decided.network)}#proposals`, 'networks.proposals.decidedFlash');
  });

  app.get<IdParams>('/endorsements/:id', async (request, reply) => {
    const found = await endorsementDocument(deps.db, request.params.id);
    if (!found) return reply.code(404).send({ error: { code: 'not_found', message: request.t('errors.notFound') } });
    // Withdrawn by its author: gone (what an Open Badges 2.0 hosted document answers once revoked).
    if (found.state === 'withdrawn') return reply.code(410).header('access-control-allow-origin', '*').send({ error: { code: 'gone', message: request.t('networks.endorsements.gone') } });
    return reply
      .header('content-type', 'application/ld+json; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .header('access-control-allow-origin', '*')
      .send(JSON.stringify(found.document));
  });

  // A person withdraws their endorsement of a credential, from that credential's page.
  app.post<IdParams>('/endorsements/:id/withdraw', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const credential = await endorsedCredentialOf(deps, request.params.id);
    // Sent again (a second click, the back button): said on the page, not an error page.
    const result = await tryForm(() => withdrawEndorsement(deps, request.actor, request.params.id, ''));
    const flash = result instanceof AppError ? result.messageKey : 'networks.endorsements.withdrawn';
    return redirectAfterPost(reply, credential ? `${credentialPath(credential)}#endorsements` : '/', flash);
  });

  // Open recognition: endorse someone's credential; its earner shows or hides each endorsement.
  app.post<IdParams & { Body: Record<string, unknown> }>('/credentials/:id/endorse', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    const comment = text(request.body ?? {}, 'comment');
    const result = await tryForm(() => endorseCredential(deps, request.actor, request.params.id, { comment }));
    if (result instanceof AppError) {
      const c = await shownCredential(deps, request.actor, request.params.id);
      return credentialPage(deps, request, reply, c, {
        status: result.status,
        recognition: { comment, errors: translateFields(request.t, result.fields), message: result.code === 'validation' ? undefined : request.t(result.messageKey, result.params) },
      });
    }
    return redirectAfterPost(reply, `${credentialPath(request.params.id)}#endorsements`, 'networks.recognition.sent');
  });

  for (const answer of ['show', 'hide'] as const)
    app.post<IdParams>(`/endorsements/:id/${answer}`, async (request, reply) => {
      if (!request.actor) return signInRedirect(request, reply);
      await setEndorsementDisplay(deps, request.actor, request.params.id, answer === 'show');
      const row = await deps.db
        .selectFrom('endorsements as e')
        .innerJoin('credentials as c', 'c.id', 'e.credential_id')
        .select('c.public_id')
        .where('e.public_id', '=', request.params.id)
        .executeTakeFirstOrThrow();
      return redirectAfterPost(reply, `${credentialPath(row.public_id)}#endorsements`, answer === 'show' ? 'networks.recognition.shown' : 'networks.recognition.hiddenFlash');
    });

  // The endorsements its earner shows with a credential, as verifiers read them.
  app.get<IdParams>('/credentials/:id/endorsements', async (request, reply) => {
    const { items } = await credentialEndorsements(deps, null, request.params.id);
    return reply
      .header('content-type', 'application/ld+json; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .header('access-control-allow-origin', '*')
      .send(JSON.stringify({ id: credentialUrl(deps.config.baseUrl, request.params.id), endorsement: items.map((e) => e.document) }));
  });

  app.get(OFFERS_PATH, async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    return sendPage(reply, <OffersPage v={view(request, reply)} offers={await listMyOffers(deps, request.actor)} />);
  });

  for (const answer of ['accept', 'decline'] as const)
    app.post<IdParams>(`/offers/:id/${answer}`, async (request, reply) => {
      if (!request.actor) return signInRedirect(request, reply);
      const result = await tryForm(async () => {
        if (answer === 'accept') await acceptOffer(deps, request.actor, request.params.id);
        else await declineOffer(deps, request.actor, request.params.id);
      });
      if (result instanceof AppError)
        return sendPage(reply, <OffersPage v={view(request, reply)} offers={await listMyOffers(deps, request.actor)} message={request.t(result.messageKey, result.params)} />, result.status);
      return redirectAfterPost(reply, OFFERS_PATH, answer === 'accept' ? 'networks.offers.accepted' : 'networks.offers.declined');
    });
}

/** The networks section of an organisation's page, with the way to its partners and endorsements. */
export async function organizationNetworks(deps: Deps, v: View, slug: string) {
  const items = await listOrganizationNetworks(deps, slug);
  const manages = v.user !== null && can(await rolesOf(deps, v.user, await getOrganization(deps, slug)), 'org.edit', v.user);
  return (
    <>
      {items.length > 0 && (
        <section aria-labelledby="networks-heading">
          <h2 id="networks-heading">{v.t('networks.list.title')}</h2>
          <ul>
            {items.map((n) => (
              <li key={n.id}>
                <a href={networkPath(n.id)}>{n.name}</a>
                {n.owned && <span class="muted"> — {v.t('networks.list.owned')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a href={partnersPath(slug)}>{v.t('networks.partners.link')}</a>
        {manages && (
          <>
            {' · '}
            <a href={`/organizations/${encodeURIComponent(slug)}/networks/new`}>{v.t('networks.form.new')}</a>
            {' · '}
            <a href={`/organizations/${encodeURIComponent(slug)}/reports`}>{v.t('reports.link')}</a>
          </>
        )}
      </p>
    </>
  );
}

/** On a participant application's page: the mappings it proposes (none: nothing shown). */
export async function applicationProposals(deps: Deps, v: View, applicationPublicId: string) {
  const row = await deps.db.selectFrom('applications').select('id').where('public_id', '=', applicationPublicId).executeTakeFirst();
  if (!row) return null;
  const mappings = await listMappings(deps, { application: row.id }, v.locale);
  if (mappings.length === 0) return null;
  return (
    <section class="card" aria-labelledby="proposals-heading" id="proposals">
      <h2 id="proposals-heading" style="margin-top:0">
        {v.t('networks.proposals.title')}
      </h2>
      <ul>
        {mappings.map((m) => (
          <li key={m.id}>
            <MappingLine v={v} m={m} status />
          </li>
        ))}
      </ul>
    </section>
  );
}
