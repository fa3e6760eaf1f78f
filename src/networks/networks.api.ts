// JSON API of networks (scenario C): create a network, read it, join it with mapping proposals,
// members' badge proposals, and the regional offers of the caller (list, accept, decline); with the
// partners' and endorsements' routes (endorsements.api.ts).
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import { credentialUrl } from '../awards/awards';
import type { Deps } from '../platform/deps';
import { networkPath } from './networks';
import { type MappingView, createNetwork, getNetwork, joinNetwork } from './networks.service';
import { type Offer, acceptOffer, declineOffer, listMyOffers } from './offers';
import { decideBadgeProposal, listBadgeProposals, proposeBadge } from './proposals';
import { endorsementApiRoutes } from './endorsements.api';

const TAG = 'networks';

const badgeRefSchema = z.object({ id: z.string(), name: z.string(), organization: z.string() });
const mappingSchema = z.object({
  id: z.string(),
  partnerBadge: badgeRefSchema,
  regionalBadge: badgeRefSchema,
  level: z.string().nullable(),
  coversAll: z.boolean(),
  remarks: z.string(),
  status: z.enum(['proposed', 'active', 'declined']),
  endorsement: z.string().nullable().describe('URL of the signed EndorsementCredential of the partner badge by the network’s owner (active mappings)'),
});
const networkSchema = z.object({
  id: z.string(),
  url: z.string(),
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  participantBadge: z.string(),
  members: z.array(z.object({ organization: z.string(), name: z.string(), joinedAt: z.string() })),
  regionalBadges: z.array(z.object({ id: z.string(), name: z.string(), levels: z.array(z.string()) })),
  mappings: z.array(mappingSchema),
});
const offerSchema = z.object({
  id: z.string(),
  status: z.enum(['offered', 'accepted', 'declined']),
  regionalBadge: z.string(),
  level: z.string().nullable(),
  partnerCredential: z.string(),
  network: z.string(),
  organization: z.string().nullable().describe('The organisation the offer is for (its managers answer it); null for a person'),
  credential: z.string().nullable().describe('The regional credential issued on acceptance'),
  createdAt: z.string(),
});

const ref = (b: { id: string; name: string; organizationSlug: string }) => ({ id: b.id, name: b.name, organization: b.organizationSlug });

function mappingBody(deps: Deps, m: MappingView): z.infer<typeof mappingSchema> {
  return {
    id: m.id,
    partnerBadge: ref(m.partner),
    regionalBadge: ref(m.regional),
    level: m.level,
    coversAll: m.coversAll,
    remarks: m.remarks,
    status: m.status,
    endorsement: m.endorsementId ? `${deps.config.baseUrl}/endorsements/${m.endorsementId}` : null,
  };
}

function offerBody(deps: Deps, o: Offer): z.infer<typeof offerSchema> {
  return {
    id: o.id,
    status: o.status,
    regionalBadge: o.regional.id,
    level: o.level,
    partnerCredential: credentialUrl(deps.config.baseUrl, o.partner.credentialId),
    network: o.network.id,
    organization: o.organization,
    credential: o.credentialId ? credentialUrl(deps.config.baseUrl, o.credentialId) : null,
    createdAt: o.createdAt.toISOString(),
  };
}

async function networkBody(deps: Deps, id: string, locale: 'fr' | 'en'): Promise<z.infer<typeof networkSchema>> {
  const n = await getNetwork(deps, id, locale);
  return {
    id: n.id,
    url: `${deps.config.baseUrl}${networkPath(n.id)}`,
    name: n.name,
    description: n.description,
    owner: n.owner.slug,
    participantBadge: n.participantBadge.id,
    members: n.members.map((m) => ({ organization: m.slug, name: m.name, joinedAt: m.joinedAt.toISOString() })),
    regionalBadges: n.regionalBadges.map((b) => ({ id: b.id, name: b.name, levels: b.levels })),
    mappings: n.mappings.map((m) => mappingBody(deps, m)),
  };
}

const offerAnswer = (answer: 'accept' | 'decline') =>
  apiRoute({
    method: 'POST',
    path: `/offers/:id/${answer}`,
    summary:
      answer === 'accept'
        ? 'Accept a regional badge offered to you (or to an organisation you manage): it is issued at once by the network’s owner, with the partner credential as evidence'
        : 'Decline a regional badge offered to you; it is not offered again for this mapping',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'The answered offer', schema: offerSchema } },
    handler: async ({ deps, actor, params }) => {
      if (answer === 'accept') await acceptOffer(deps, actor, params.id!);
      else await declineOffer(deps, actor, params.id!);
      const offer = (await listMyOffers(deps, actor)).find((o) => o.id === params.id);
      return { body: offerBody(deps, offer!) };
    },
  });

const mappingProposalSchema = z.object({
  badge: z.string().describe('Public id of one of the joining organisation’s published badges'),
  regionalBadge: z.string().describe('Public id of one of the owner’s regional badges'),
  level: z.string().optional().describe('The regional badge’s level (required when it has levels)'),
  coversAll: z.boolean().describe('Whether the partner badge covers every expected competence'),
  remarks: z.string().optional(),
});

const proposalSchema = z.object({
  id: z.string(),
  badge: z.string(),
  organization: z.string(),
  message: z.string(),
  status: z.enum(['pending', 'accepted', 'declined']),
  createdAt: z.string(),
});

const proposalApiRoutes: ApiRoute[] = [
  apiRoute<{ organization: string; badge: string; message?: string }>({
    method: 'POST',
    path: '/networks/:id/badge-proposals',
    summary: 'Propose one of your member organisation’s published badges for the network’s list (the owner’s managers are mailed)',
    tag: TAG,
    auth: 'required',
    body: z.object({ organization: z.string(), badge: z.string(), message: z.string().optional() }),
    responses: { 201: { description: 'The proposal', schema: z.object({ id: z.string() }) } },
    handler: async ({ deps, actor, params, request }) => ({ status: 201, body: await proposeBadge(deps, actor, params.id!, request.body) }),
  }),
  apiRoute({
    method: 'GET',
    path: '/networks/:id/badge-proposals',
    summary: 'The network’s badge list (accepted proposals); every proposal for the owner’s managers',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'Proposals', schema: z.object({ items: z.array(proposalSchema) }) } },
    handler: async ({ deps, actor, params, locale }) => ({
      body: {
        items: (await listBadgeProposals(deps, actor, params.id!, locale)).map((p) => ({
          id: p.id,
          badge: p.badge.id,
          organization: p.organization.slug,
          message: p.message,
          status: p.status,
          createdAt: p.createdAt.toISOString(),
        })),
      },
    }),
  }),
  apiRoute<{ accept: boolean }>({
    method: 'POST',
    path: '/badge-proposals/:id/decide',
    summary: 'Accept (list the badge) or decline a member’s proposal (the network owner’s managers)',
    tag: TAG,
    auth: 'required',
    body: z.object({ accept: z.boolean() }),
    responses: { 200: { description: 'Decided', schema: z.object({ status: z.enum(['pending', 'accepted', 'declined']) }) } },
    handler: async ({ deps, actor, params, request }) => ({ body: { status: (await decideBadgeProposal(deps, actor, params.id!, request.body)).status } }),
  }),
];

export const networkApiRoutes: ApiRoute[] = [
  ...endorsementApiRoutes,
  ...proposalApiRoutes,
  apiRoute<{ name: string; description?: string; participantBadge: string }>({
    method: 'POST',
    path: '/organizations/:slug/networks',
    summary: 'Create a network run by the organisation; organisations join it by applying for its participant badge (one of the organisation’s badges)',
    tag: TAG,
    auth: 'required',
    body: z.object({ name: z.string(), description: z.string().optional(), participantBadge: z.string() }),
    responses: { 201: { description: 'Created', schema: networkSchema } },
    handler: async ({ deps, actor, params, request, locale }) => {
      const created = await createNetwork(deps, actor, params.slug!, request.body);
      return { status: 201, body: await networkBody(deps, created.id, locale) };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/networks/:id',
    summary: 'A network: owner, members, regional badges (with levels) and active mappings',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'The network', schema: networkSchema } },
    handler: async ({ deps, params, locale }) => ({ body: await networkBody(deps, params.id!, locale) }),
  }),
  apiRoute<{ organization: string; narrative?: string; mappings: unknown[] }>({
    method: 'POST',
    path: '/networks/:id/join',
    summary:
      'Ask to join: an application for the participant badge on behalf of an organisation you manage, submitted at once, with at least one mapping proposal; decided by the owner’s review policy',
    tag: TAG,
    auth: 'required',
    body: z.object({ organization: z.string(), narrative: z.string().optional(), mappings: z.array(mappingProposalSchema) }),
    responses: { 201: { description: 'The application (see /api/v1/applications/{id})', schema: z.object({ application: z.string() }) } },
    handler: async ({ deps, actor, params, request }) => ({ status: 201, body: await joinNetwork(deps, actor, params.id!, request.body) }),
  }),
  apiRoute({
    method: 'GET',
    path: '/offers',
    summary: 'Regional badges offered to you (your verified addresses) and to the organisations you manage, newest first',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'Offers', schema: z.object({ items: z.array(offerSchema) }) } },
    handler: async ({ deps, actor }) => ({ body: { items: (await listMyOffers(deps, actor)).map((o) => offerBody(deps, o)) } }),
  }),
  offerAnswer('accept'),
  offerAnswer('decline'),
];
