// Input schemas of organisations, shared by services (the trust boundary, CLI included), the API and pages.
import { z } from 'zod';
import { ROLES } from './organizations';

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
const url = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url({ protocol: /^https$/, hostname: /^[^.\s]+(\.[^.\s]+)+$/ }));
export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const createOrganizationSchema = z.object({
  name,
  description: description.optional(),
  url: url.optional(),
  email: emailSchema.optional(),
});
export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;

/** Absent fields stay as they are; null (or an empty description) clears a field. */
export const updateOrganizationSchema = z.object({
  name: name.optional(),
  description: description.optional(),
  url: url.nullable().optional(),
  email: emailSchema.nullable().optional(),
});
export type UpdateOrganizationInput = z.input<typeof updateOrganizationSchema>;

export const rolesSchema = z
  .array(z.enum(ROLES, { message: 'validation.choice' }))
  .min(1, 'organizations.roles.required')
  .max(ROLES.length * 2);

export const memberRolesSchema = z.object({ roles: rolesSchema });
/** Roles are checked by the schema: callers may pass what a form or a request gave. */
export type MemberRolesInput = { roles: readonly string[] };

export const inviteSchema = z.object({ email: emailSchema, roles: rolesSchema });
export type InviteInput = { email: string; roles: readonly string[] };

export const pageQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
