// JSON API of partners and endorsements: an organisation's partners, its endorsements (given,
// received, asked for, withdrawn), and open recognition (a person's endorsement of a credential,
// shown by its earner's choice).
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import { fail } from '../errors';
import { getOrganization } from '../organizations/organizations.service';
import type { Deps } from '../platform/deps';
import { type ShownEndorsement, endorsementPath, shownEndorsements, withdrawEndorsement } from './endorsements';
import { addPartner, answerEndorsementRequest, endorseAsOrganization, listPartners, listReceivedRequests, removePartner, requestEndorsement } from './partners';
import { credentialEndorsements, endorseCredential, setEndorsementDisplay } from './recognition';

const TAG = 'networks';

const endorsementSchema = z.object({
  id: z.string(),
  url: z.string().describe('The signed EndorsementCredential'),
  endorser: z.object({ organization: z.string().nullable(), name: z.string() }),
  comment: z.string(),
  displayed: z.boolean().describe('Shown with its subject (for a credential: the earner’s choice)'),
  issuedAt: z.string(),
});

function endorsementBody(deps: Deps, e: ShownEndorsement): z.infer<typeof endorsementSchema> {
  return {
    id: e.id,
    url: `${deps.config.baseUrl}${endorsementPath(e.id)}`,
    endorser: { organization: e.endorser.slug, name: e.endorser.name },
    comment: e.comment,
    displayed: e.displayed,
    issuedAt: e.issuedAt.toISOString(),
  };
}

const partnerSchema = z.object({ organization: z.string(), name: z.string(), mutual: z.boolean() });
const requestSchema = z.object({
  id: z.string(),
  requester: z.string(),
  endorser: z.string(),
  badge: z.string().nullable().describe('The badge to endorse; null: the requesting organisation itself'),
  message: z.string(),
  status: z.enum(['pending', 'accepted', 'declined']),
  createdAt: z.string(),
});

const partnerRoutes: ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: '/organizations/:slug/partners',
    summary: 'The organisations this one lists as partners (mutual when they list it too)',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'Partners', schema: z.object({ items: z.array(partnerSchema) }) } },
    handler: async ({ deps, params }) => ({ body: { items: (await listPartners(deps, params.slug!)).map((p) => ({ organization: p.slug, name: p.name, mutual: p.mutual })) } }),
  }),
  apiRoute<{ partner: string }>({
    method: 'POST',
    path: '/organizations/:slug/partners',
    summary: 'Add an organisation to this one’s partners (its owners and admins)',
    tag: TAG,
    auth: 'required',
    body: z.object({ partner: z.string().describe('Slug of the partner organisation') }),
    responses: { 204: { description: 'Added (or already a partner)' } },
    handler: async ({ deps, actor, params, request }) => {
      await addPartner(deps, actor, params.slug!, request.body);
      return { status: 204, body: undefined };
    },
  }),
  apiRoute({
    method: 'DELETE',
    path: '/organizations/:slug/partners/:partner',
    summary: 'Remove a partner',
    tag: TAG,
    auth: 'required',
    responses: { 204: { description: 'Removed' } },
    handler: async ({ deps, actor, params }) => {
      await removePartner(deps, actor, params.slug!, params.partner!);
      return { status: 204, body: undefined };
    },
  }),
  apiRoute<{ reason?: string }>({
    method: 'POST',
    path: '/endorsements/:id/withdraw',
    summary:
      'Withdraw an endorsement (its endorser: the organisation’s owners and admins, or the person who gave it); no longer shown, its URL answers 410, and an organisation’s is marked revoked in its status list',
    tag: TAG,
    auth: 'required',
    body: z.object({ reason: z.string().max(500).optional() }),
    responses: { 204: { description: 'Withdrawn' } },
    handler: async ({ deps, actor, params, request }) => {
      await withdrawEndorsement(deps, actor, params.id!, (request.body as { reason?: string }).reason ?? '');
      return { status: 204, body: undefined };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/organizations/:slug/endorsements',
    summary: 'The endorsements an organisation received (of the organisation itself)',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'Endorsements', schema: z.object({ items: z.array(endorsementSchema) }) } },
    handler: async ({ deps, params }) => {
      const org = await getOrganization(deps, params.slug!);
      return { body: { items: (await shownEndorsements(deps.db, 'subject_organization_id', org.id)).map((e) => endorsementBody(deps, e)) } };
    },
  }),
  apiRoute<{ organization?: string; badge?: string; comment: string }>({
    method: 'POST',
    path: '/organizations/:slug/endorsements',
    summary: 'Endorse, in this organisation’s name, another organisation or one of its badges: a signed EndorsementCredential, shown with it',
    tag: TAG,
    auth: 'required',
    body: z.object({ organization: z.string().optional(), badge: z.string().optional(), comment: z.string() }),
    responses: { 201: { description: 'The endorsement', schema: z.object({ id: z.string(), url: z.string() }) } },
    handler: async ({ deps, actor, params, request }) => {
      const { id } = await endorseAsOrganization(deps, actor, params.slug!, request.body);
      return { status: 201, body: { id, url: `${deps.config.baseUrl}${endorsementPath(id)}` } };
    },
  }),
  apiRoute<{ endorser: string; badge?: string; message?: string }>({
    method: 'POST',
    path: '/organizations/:slug/endorsement-requests',
    summary: 'Ask a partner to endorse one of this organisation’s badges, or the organisation itself (its managers are mailed)',
    tag: TAG,
    auth: 'required',
    body: z.object({ endorser: z.string(), badge: z.string().optional(), message: z.string().optional() }),
    responses: { 201: { description: 'The request', schema: z.object({ id: z.string() }) } },
    handler: async ({ deps, actor, params, request }) => ({ status: 201, body: await requestEndorsement(deps, actor, params.slug!, request.body) }),
  }),
  apiRoute({
    method: 'GET',
    path: '/organizations/:slug/endorsement-requests',
    summary: 'The endorsement requests this organisation received (its owners and admins)',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'Requests', schema: z.object({ items: z.array(requestSchema) }) } },
    handler: async ({ deps, actor, params }) => ({
      body: {
        items: (await listReceivedRequests(deps, actor, params.slug!)).map((r) => ({
          id: r.id,
          requester: r.requester.slug,
          endorser: r.endorser.slug,
          badge: r.badge?.id ?? null,
          message: r.message,
          status: r.status,
          createdAt: r.createdAt.toISOString(),
        })),
      },
    }),
  }),
  apiRoute<{ accept: boolean; comment?: string }>({
    method: 'POST',
    path: '/endorsement-requests/:id/answer',
    summary: 'Accept (signing the endorsement with your comment) or decline an endorsement request',
    tag: TAG,
    auth: 'required',
    body: z.object({ accept: z.boolean(), comment: z.string().optional() }),
    responses: { 200: { description: 'Answered', schema: z.object({ endorsement: z.string().nullable() }) } },
    handler: async ({ deps, actor, params, request }) => ({ body: await answerEndorsementRequest(deps, actor, params.id!, request.body) }),
  }),
];

export const endorsementApiRoutes: ApiRoute[] = [
  ...partnerRoutes,
  apiRoute<{ comment: string }>({
    method: 'POST',
    path: '/credentials/:id/endorsements',
    summary: 'Endorse someone else’s credential in your own words (open recognition): a signed EndorsementCredential from you (your did:key); shown once its earner chooses to',
    tag: TAG,
    auth: 'required',
    body: z.object({ comment: z.string() }),
    responses: { 201: { description: 'The endorsement', schema: z.object({ id: z.string(), url: z.string() }) } },
    handler: async ({ deps, actor, params, request }) => {
      const { id } = await endorseCredential(deps, actor, params.id!, request.body);
      return { status: 201, body: { id, url: `${deps.config.baseUrl}${endorsementPath(id)}` } };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/credentials/:id/endorsements',
    summary: 'The endorsements of a credential: those its earner shows (all of them, for the earner)',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'Endorsements', schema: z.object({ items: z.array(endorsementSchema) }) } },
    handler: async ({ deps, actor, params }) => ({ body: { items: (await credentialEndorsements(deps, actor, params.id!)).items.map((e) => endorsementBody(deps, e)) } }),
  }),
  apiRoute<{ displayed: boolean }>({
    method: 'POST',
    path: '/endorsements/:id/display',
    summary: 'Show or hide an endorsement of your credential (the earner chooses)',
    tag: TAG,
    auth: 'required',
    body: z.object({ displayed: z.boolean() }),
    responses: { 204: { description: 'Done' } },
    handler: async ({ deps, actor, params, body }) => {
      if (typeof body?.displayed !== 'boolean') throw fail.field('displayed', 'networks.recognition.displayed');
      await setEndorsementDisplay(deps, actor, params.id!, body.displayed);
      return { status: 204, body: undefined };
    },
  }),
];
