// JSON API of organisations, members and invitations. People are named by their public id, never the bigint id.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import type { Config } from '../config';
import { acceptInvitation, type Invitation, inviteMember, listOrganizationInvitations, revokeOrganizationInvitation } from './invitations.service';
import { readLogoUpload } from './logo';
import { changeMemberRoles, listOrganizationMembers, type Member, removeMember } from './members.service';
import { type Organization, ROLES, logoUrl, organizationUrl } from './organizations';
import {
  createOrganizationSchema,
  inviteSchema,
  memberRolesSchema,
  pageQuerySchema,
  updateOrganizationSchema,
} from './organizations.schemas';
import {
  createOrganization,
  getOrganization,
  listOrganizationsPage,
  setOrganizationLogoImage,
  updateOrganizationProfile,
} from './organizations.service';

const TAG = 'organizations';
const roles = z.array(z.enum(ROLES));

const organizationSchema = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  url: z.string().nullable(),
  email: z.string().nullable(),
  logoUrl: z.string().nullable().describe('PNG logo, absent when none was uploaded'),
  profileUrl: z.string().describe('The OB 3.0 issuer Profile (JSON-LD when asked with Accept: application/ld+json)'),
  updatedAt: z.string(),
});
const memberSchema = z.object({
  id: z.string().describe("The person's public id"),
  displayName: z.string(),
  email: z.string().nullable(),
  roles,
  joinedAt: z.string(),
});
const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  roles,
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  createdAt: z.string(),
  expiresAt: z.string(),
  invitedBy: z.string().nullable(),
});

function toOrganization(org: Organization, config: Config): z.infer<typeof organizationSchema> {
  return {
    slug: org.slug,
    name: org.name,
    description: org.description,
    url: org.url,
    email: org.email,
    logoUrl: org.hasLogo ? logoUrl(config.baseUrl, org.slug) : null,
    profileUrl: organizationUrl(config.baseUrl, org.slug),
    updatedAt: org.updatedAt.toISOString(),
  };
}

function toMember(m: Member): z.infer<typeof memberSchema> {
  return { id: m.id, displayName: m.displayName, email: m.email, roles: m.roles, joinedAt: m.joinedAt.toISOString() };
}

function toInvitation(i: Invitation): z.infer<typeof invitationSchema> {
  return {
    id: i.id,
    email: i.email,
    roles: i.roles,
    status: i.status,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    invitedBy: i.invitedBy,
  };
}

const noContent = { 204: { description: 'Done' } };

export const organizationApiRoutes: ApiRoute[] = [
  apiRoute<unknown, z.output<typeof pageQuerySchema>>({
    method: 'GET',
    path: '/organizations',
    summary: 'List organisations (public), by slug, 50 a page',
    tag: TAG,
    auth: 'none',
    query: pageQuerySchema,
    responses: {
      200: {
        description: 'One page of organisations',
        schema: z.object({ items: z.array(organizationSchema), page: z.number(), hasMore: z.boolean() }),
      },
    },
    handler: async ({ deps, query }) => {
      const result = await listOrganizationsPage(deps, query.page);
      return { body: { ...result, items: result.items.map((o) => toOrganization(o, deps.config)) } };
    },
  }),
  apiRoute<z.input<typeof createOrganizationSchema>>({
    method: 'POST',
    path: '/organizations',
    summary: 'Create an organisation (needs a verified e-mail address); the creator becomes its owner',
    tag: TAG,
    auth: 'required',
    body: createOrganizationSchema,
    responses: { 201: { description: 'Created', schema: z.object({ slug: z.string() }) } },
    handler: async ({ deps, actor, body }) => ({ status: 201, body: await createOrganization(deps, actor, body) }),
  }),
  apiRoute({
    method: 'GET',
    path: '/organizations/:slug',
    summary: 'An organisation (public)',
    tag: TAG,
    auth: 'none',
    responses: { 200: { description: 'The organisation', schema: organizationSchema } },
    handler: async ({ deps, params }) => ({ body: toOrganization(await getOrganization(deps, params.slug!), deps.config) }),
  }),
  apiRoute<z.input<typeof updateOrganizationSchema>>({
    method: 'PATCH',
    path: '/organizations/:slug',
    summary: 'Edit the profile (owners, admins); absent fields are kept, null clears url and email',
    tag: TAG,
    auth: 'required',
    body: updateOrganizationSchema,
    responses: { 200: { description: 'The organisation', schema: organizationSchema } },
    handler: async ({ deps, actor, params, body }) => ({
      body: toOrganization(await updateOrganizationProfile(deps, actor, params.slug!, body), deps.config),
    }),
  }),
  apiRoute({
    method: 'PUT',
    path: '/organizations/:slug/logo',
    summary: 'Replace the logo (owners, admins): PNG, JPEG or WebP, re-encoded as a PNG within 512×512',
    tag: TAG,
    auth: 'required',
    rawBody: { contentType: 'multipart/form-data', description: 'The image in the file field `logo`' },
    responses: { 200: { description: 'The organisation', schema: organizationSchema } },
    handler: async ({ deps, actor, params, request }) => {
      const upload = await readLogoUpload(request, deps.config.maxUploadBytes);
      await setOrganizationLogoImage(deps, actor, params.slug!, upload);
      return { body: toOrganization(await getOrganization(deps, params.slug!), deps.config) };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/organizations/:slug/members',
    summary: 'Members and their roles (owners, admins)',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'The members', schema: z.object({ members: z.array(memberSchema) }) } },
    handler: async ({ deps, actor, params }) => ({
      body: { members: (await listOrganizationMembers(deps, actor, params.slug!)).map(toMember) },
    }),
  }),
  apiRoute<z.input<typeof memberRolesSchema>>({
    method: 'PATCH',
    path: '/organizations/:slug/members/:userId',
    summary: "Replace a member's roles (owners, admins; only owners grant or remove 'owner'; one owner always remains)",
    tag: TAG,
    auth: 'required',
    body: memberRolesSchema,
    responses: { 200: { description: 'The member', schema: memberSchema } },
    handler: async ({ deps, actor, params, body }) => ({
      body: toMember(await changeMemberRoles(deps, actor, params.slug!, params.userId!, body)),
    }),
  }),
  apiRoute({
    method: 'DELETE',
    path: '/organizations/:slug/members/:userId',
    summary: 'Remove a member (owners, admins; the last owner cannot be removed)',
    tag: TAG,
    auth: 'required',
    responses: noContent,
    handler: async ({ deps, actor, params }) => {
      await removeMember(deps, actor, params.slug!, params.userId!);
      return { status: 204, body: undefined };
    },
  }),
  apiRoute<z.input<typeof inviteSchema>>({
    method: 'POST',
    path: '/organizations/:slug/invitations',
    summary: 'Invite an e-mail address with roles; the link is mailed, valid 14 days, and replaces a pending one',
    tag: TAG,
    auth: 'required',
    body: inviteSchema,
    responses: { 201: { description: 'The invitation (its token only goes by mail)', schema: invitationSchema } },
    handler: async ({ deps, actor, params, body }) => ({
      status: 201,
      body: toInvitation(await inviteMember(deps, actor, params.slug!, body)),
    }),
  }),
  apiRoute({
    method: 'GET',
    path: '/organizations/:slug/invitations',
    summary: 'Pending invitations (owners, admins)',
    tag: TAG,
    auth: 'required',
    responses: { 200: { description: 'Pending invitations', schema: z.object({ invitations: z.array(invitationSchema) }) } },
    handler: async ({ deps, actor, params }) => ({
      body: { invitations: (await listOrganizationInvitations(deps, actor, params.slug!)).map(toInvitation) },
    }),
  }),
  apiRoute({
    method: 'DELETE',
    path: '/organizations/:slug/invitations/:id',
    summary: 'Revoke a pending invitation (owners, admins)',
    tag: TAG,
    auth: 'required',
    responses: noContent,
    handler: async ({ deps, actor, params }) => {
      await revokeOrganizationInvitation(deps, actor, params.slug!, params.id!);
      return { status: 204, body: undefined };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/invitations/:token/accept',
    summary: 'Accept an invitation as the signed-in person; the invited address becomes one of their verified addresses',
    tag: TAG,
    auth: 'required',
    responses: {
      200: {
        description: 'The membership',
        schema: z.object({ organization: z.object({ slug: z.string(), name: z.string() }), roles }),
      },
    },
    handler: async ({ deps, actor, params }) => {
      const { slug, name, roles: granted } = await acceptInvitation(deps, actor, params.token!);
      return { body: { organization: { slug, name }, roles: granted } };
    },
  }),
];
