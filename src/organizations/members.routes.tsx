// Pages of an organisation's members: list and roles, removal, invitations and their revocation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import type { Deps } from '../platform/deps';
import { redirectAfterPost, signInRedirect, view } from '../web/http';
import { sendPage, translateFields } from '../web/render';
import { inviteMember, listOrganizationInvitations, revokeOrganizationInvitation } from './invitations.service';
import { changeMemberRoles, listOrganizationMembers, removeMember } from './members.service';
import { can, isRole } from './organizations';
import { type FormBody, list, text, tryForm } from './forms';
import { requireOrganizationAccess } from './organizations.service';
import { orgPath } from './pages/common';
import { MembersPage, type MembersPageProps } from './pages/members';

type SlugParams = { Params: { slug: string } };

async function renderMembers(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
  slug: string,
  extra: Pick<MembersPageProps, 'invite' | 'inviteErrors' | 'message'> = {},
  status = 200,
): Promise<FastifyReply> {
  const { organization, roles, actor } = await requireOrganizationAccess(deps, request.actor, slug, 'org.members');
  const [members, invitations] = await Promise.all([
    listOrganizationMembers(deps, actor, slug),
    listOrganizationInvitations(deps, actor, slug),
  ]);
  const page = (
    <MembersPage
      v={view(request, reply)}
      org={organization}
      members={members}
      invitations={invitations}
      canOwners={can(roles, 'org.owners', actor)}
      {...extra}
    />
  );
  return sendPage(reply, page, status);
}

export function registerMemberRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<SlugParams>('/organizations/:slug/members', async (request, reply) => {
    if (!request.actor) return signInRedirect(request, reply);
    return renderMembers(request, reply, deps, request.params.slug);
  });

  app.post<{ Params: { slug: string; userId: string }; Body: FormBody }>(
    '/organizations/:slug/members/:userId/roles',
    async (request, reply) => {
      const { slug, userId } = request.params;
      const result = await tryForm(() =>
        changeMemberRoles(deps, request.actor, slug, userId, { roles: list(request.body ?? {}, 'roles') }),
      );
      if (result instanceof AppError) return renderError(request, reply, deps, slug, result);
      return redirectAfterPost(reply, orgPath(slug, '/members'), 'organizations.flash.rolesChanged');
    },
  );

  app.post<{ Params: { slug: string; userId: string } }>('/organizations/:slug/members/:userId/remove', async (request, reply) => {
    const { slug, userId } = request.params;
    const result = await tryForm(() => removeMember(deps, request.actor, slug, userId));
    if (result instanceof AppError) return renderError(request, reply, deps, slug, result);
    // Whoever removed themselves may no longer see the members page.
    const to = request.actor?.publicId === userId ? orgPath(slug) : orgPath(slug, '/members');
    return redirectAfterPost(reply, to, 'organizations.flash.memberRemoved');
  });

  app.post<SlugParams & { Body: FormBody }>('/organizations/:slug/invitations', async (request, reply) => {
    const { slug } = request.params;
    const body = request.body ?? {};
    const email = text(body, 'email');
    const roles = list(body, 'roles');
    const result = await tryForm(() => inviteMember(deps, request.actor, slug, { email, roles }));
    if (result instanceof AppError) {
      const inviteErrors = translateFields(request.t, result.fields);
      const message = Object.keys(inviteErrors).length === 0 ? request.t(result.messageKey, result.params) : undefined;
      return renderMembers(request, reply, deps, slug, { invite: { email, roles: roles.filter(isRole) }, inviteErrors, message }, result.status);
    }
    return redirectAfterPost(reply, orgPath(slug, '/members'), 'organizations.flash.invited');
  });

  app.post<{ Params: { slug: string; id: string } }>('/organizations/:slug/invitations/:id/revoke', async (request, reply) => {
    const { slug, id } = request.params;
    const result = await tryForm(() => revokeOrganizationInvitation(deps, request.actor, slug, id));
    if (result instanceof AppError) return renderError(request, reply, deps, slug, result);
    return redirectAfterPost(reply, orgPath(slug, '/members'), 'organizations.flash.invitationRevoked');
  });
}

function renderError(request: FastifyRequest, reply: FastifyReply, deps: Deps, slug: string, error: AppError): Promise<FastifyReply> {
  const fields = Object.values(translateFields(request.t, error.fields));
  const message = [request.t(error.messageKey, error.params), ...fields].join(' ');
  return renderMembers(request, reply, deps, slug, { message }, error.status);
}
