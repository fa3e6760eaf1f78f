// JSON API of accounts: the signed-in person (/me), their addresses and tokens, public sign-up.
import { z } from 'zod';
import { type ApiRoute, apiRoute } from '../api/registry';
import {
  addEmailSchema,
  changePasswordSchema,
  localeSchema,
  newAccountSchema,
  newTokenSchema,
  profileSchema,
} from './accounts';
import { changePassword, deleteAccount, getMe, updateProfile } from './accounts.service';
import { registerAccount } from './auth.service';
import { addEmail, listEmails, makePrimaryEmail, removeEmail, resendVerification } from './emails.service';
import { createPersonalToken, listPersonalTokens, revokePersonalToken } from './tokens.service';

const emailAddressSchema = z.object({ email: z.string(), verified: z.boolean(), primary: z.boolean() });

const meSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  locale: z.enum(['fr', 'en']),
  isAdmin: z.boolean(),
  emails: z.array(emailAddressSchema),
  organizations: z.array(z.object({ slug: z.string(), name: z.string(), roles: z.array(z.string()) })),
});

const tokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string().describe('ISO 8601'),
  lastUsedAt: z.string().nullable().describe('ISO 8601, at most a minute late'),
});

const signUpBody = newAccountSchema.extend({ locale: localeSchema.optional() });
const tag = 'accounts';

export const accountApiRoutes: ApiRoute[] = [
  apiRoute<{ password: string }>({
    method: 'DELETE',
    path: '/me',
    summary: 'Delete your account (your password confirms): your personal data goes; the credentials issued to you stay verifiable, your verdicts on applications stay, anonymised (vote and date kept, comment removed). Refused while you are an organisation’s last owner',
    tag,
    auth: 'required',
    body: z.object({ password: z.string() }),
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ deps, actor, request }) => {
      await deleteAccount(deps, actor, (request.body ?? {}) as { password?: unknown });
      return { status: 204, body: undefined };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/me',
    summary: 'The signed-in person: profile, e-mail addresses, organisations',
    tag,
    auth: 'required',
    responses: { 200: { description: 'The signed-in person', schema: meSchema } },
    handler: async ({ deps, actor }) => ({ body: await getMe(deps, actor) }),
  }),
  apiRoute({
    method: 'PATCH',
    path: '/me',
    summary: 'Change the display name or the language (fr, en)',
    tag,
    auth: 'required',
    body: profileSchema,
    responses: { 200: { description: 'The person, changed', schema: meSchema } },
    handler: async ({ deps, actor, body }) => {
      await updateProfile(deps, actor, body);
      return { body: await getMe(deps, actor) };
    },
  }),
  apiRoute({
    method: 'PUT',
    path: '/me/password',
    summary: 'Change the password (the current one is required); other sessions end',
    tag,
    auth: 'required',
    body: changePasswordSchema,
    responses: { 204: { description: 'Changed' } },
    handler: async ({ deps, actor, body, request }) => {
      await changePassword(deps, actor, body, request.sessionToken);
      return { status: 204, body: undefined };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/me/emails',
    summary: "The person's e-mail addresses",
    tag,
    auth: 'required',
    responses: { 200: { description: 'Addresses, primary first', schema: z.array(emailAddressSchema) } },
    handler: async ({ deps, actor }) => ({ body: await listEmails(deps, actor) }),
  }),
  apiRoute({
    method: 'POST',
    path: '/me/emails',
    summary: 'Add an address; a verification link is mailed to it',
    tag,
    auth: 'required',
    body: addEmailSchema,
    responses: { 201: { description: 'Added, not verified yet', schema: emailAddressSchema } },
    handler: async ({ deps, actor, body }) => ({ status: 201, body: await addEmail(deps, actor, body) }),
  }),
  apiRoute({
    method: 'DELETE',
    path: '/me/emails/:email',
    summary: 'Remove a secondary address',
    tag,
    auth: 'required',
    responses: { 204: { description: 'Removed' } },
    handler: async ({ deps, actor, params }) => {
      await removeEmail(deps, actor, params.email ?? '');
      return { status: 204, body: undefined };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/me/emails/:email/primary',
    summary: 'Make a verified address the primary one',
    tag,
    auth: 'required',
    responses: { 200: { description: 'The addresses', schema: z.array(emailAddressSchema) } },
    handler: async ({ deps, actor, params }) => {
      await makePrimaryEmail(deps, actor, params.email ?? '');
      return { body: await listEmails(deps, actor) };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/me/emails/:email/verification',
    summary: 'Mail a new verification link to an unverified address',
    tag,
    auth: 'required',
    responses: { 202: { description: 'Mail queued' } },
    handler: async ({ deps, actor, params }) => {
      await resendVerification(deps, actor, params.email ?? '');
      return { status: 202, body: undefined };
    },
  }),
  apiRoute({
    method: 'GET',
    path: '/me/tokens',
    summary: "The person's personal API tokens that still work (never their secret)",
    tag,
    auth: 'required',
    responses: { 200: { description: 'Tokens, newest first', schema: z.array(tokenInfoSchema) } },
    handler: async ({ deps, actor }) => ({ body: await listPersonalTokens(deps, actor) }),
  }),
  apiRoute({
    method: 'POST',
    path: '/me/tokens',
    summary: 'Create a personal API token; its secret is in this answer only',
    tag,
    auth: 'required',
    body: newTokenSchema,
    responses: {
      201: { description: 'Created', schema: z.object({ id: z.string(), name: z.string(), token: z.string() }) },
    },
    handler: async ({ deps, actor, body }) => ({ status: 201, body: await createPersonalToken(deps, actor, body) }),
  }),
  apiRoute({
    method: 'DELETE',
    path: '/me/tokens/:id',
    summary: 'Revoke a personal API token',
    tag,
    auth: 'required',
    responses: { 204: { description: 'Revoked' } },
    handler: async ({ deps, actor, params }) => {
      await revokePersonalToken(deps, actor, params.id ?? '');
      return { status: 204, body: undefined };
    },
  }),
  apiRoute({
    method: 'POST',
    path: '/accounts',
    summary: 'Sign up: create an account; a verification link is mailed to its address',
    tag,
    auth: 'none',
    body: signUpBody,
    responses: { 201: { description: 'Created', schema: z.object({ id: z.string() }) } },
    handler: async ({ deps, body, locale }) => {
      const user = await registerAccount(deps, { ...body, locale: body.locale ?? locale });
      return { status: 201, body: { id: user.publicId } };
    },
  }),
];
