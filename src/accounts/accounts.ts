// Domain types and pure rules of accounts: input schemas, lifetimes of mailed links, and the
// one place where rows (users, e-mail addresses, API tokens) become domain objects.
import { z } from 'zod';
import type { UserEmailRow, UserRow } from '../db/schema';
import type { Actor } from '../platform/deps';

export const PASSWORD_MIN_LENGTH = 10;
/** Verification links stay valid 48 hours, password-reset links one hour. */
export const VERIFY_TOKEN_TTL_MS = 48 * 3600_000;
export const RESET_TOKEN_TTL_MS = 3600_000;

export type AccountLocale = 'fr' | 'en';

/** E-mail addresses are trimmed and lower-cased before anything else. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

export const emailSchema = z.string().trim().toLowerCase().min(1).max(254).pipe(z.email());
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH, 'accounts.password.tooShort').max(1000);
export const displayNameSchema = z.string().trim().min(1).max(100);
export const localeSchema = z.enum(['fr', 'en']);
export const tokenNameSchema = z.string().trim().min(1).max(100);

/** Setup, sign-up (page and API) and the CLI all take the same fields. */
export const newAccountSchema = z.object({
  displayName: displayNameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(1000),
});

export const profileSchema = z.object({
  displayName: displayNameSchema.optional(),
  locale: localeSchema.optional(),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(1000),
  password: passwordSchema,
});

export const addEmailSchema = z.object({ email: emailSchema });
export const newTokenSchema = z.object({ name: tokenNameSchema });
export const resetPasswordSchema = z.object({ token: z.string().min(1).max(200), password: passwordSchema });

export interface EmailAddress {
  email: string;
  verified: boolean;
  primary: boolean;
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export function userRowToActor(row: UserRow): Actor {
  return {
    id: row.id,
    publicId: row.public_id,
    displayName: row.display_name,
    isAdmin: row.is_admin,
    locale: row.locale,
  };
}

export function emailRowToAddress(row: UserEmailRow): EmailAddress {
  return { email: row.email, verified: row.verified_at !== null, primary: row.is_primary };
}

/** A display name when none was given: the part of the address before the @. */
export function defaultDisplayName(email: string): string {
  return email.split('@')[0] || email;
}
