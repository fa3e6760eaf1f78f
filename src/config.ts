// Settings: read once from the environment, validated, frozen. Every setting is listed in the README.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Blason <no-reply@blason.localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_IN_PROCESS: bool.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  WORKER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  REVIEW_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  EXPIRY_REMINDER_DAYS: z
    .string()
    .regex(/^\s*(\d{1,4}\s*(,\s*\d{1,4}\s*)*)?$/, 'EXPIRY_REMINDER_DAYS must be days before expiry, separated by commas (e.g. 90,30,7), or empty')
    .default('90,30,7'),
  SIGNIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  SIGNIN_RATE_WINDOW: z.string().default('15 minutes'),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 * 1024),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  TRUST_PROXY: bool.default(false),
  KEY_ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== undefined, 'KEY_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64')
    .optional(),
});

/** 32 bytes given as 64 hex digits or as base64/base64url. */
function decodeKey(value: string): Buffer | undefined {
  const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

export type Config = Readonly<{
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  workerInProcess: boolean;
  workerConcurrency: number;
  workerPollMs: number;
  /** Hour of the day (UTC) when daily review digests are sent. */
  reviewDigestHour: number;
  /** Days before a credential's expiry when its holder is reminded (largest first; empty: no reminders). */
  expiryReminderDays: number[];
  signinRateLimit: number;
  signinRateWindow: string;
  maxUploadBytes: number;
  sessionDays: number;
  trustProxy: boolean;
  /** Encrypts issuers' private keys at rest; when unset, a key file in DATA_DIR is used (see platform/secrets.ts). */
  keyEncryptionKey: Buffer | undefined;
  /** Cookies get the Secure flag when the public URL is HTTPS. */
  secureCookies: boolean;
}>;

export class ConfigError extends Error {}

/** Reads and validates the settings; throws ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings:\n  ${lines.join('\n  ')}`);
  }
  const s = parsed.data;
  const baseUrl = (s.BASE_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: s.PORT,
    host: s.HOST,
    baseUrl,
    dataDir: path.resolve(s.DATA_DIR),
    databaseUrl: s.DATABASE_URL,
    databasePoolSize: s.DATABASE_POOL_SIZE,
    smtpUrl: s.SMTP_URL,
    mailFrom: s.MAIL_FROM,
    logLevel: s.LOG_LEVEL,
    workerInProcess: s.WORKER_IN_PROCESS,
    workerConcurrency: s.WORKER_CONCURRENCY,
    workerPollMs: s.WORKER_POLL_MS,
    reviewDigestHour: s.REVIEW_DIGEST_HOUR,
    expiryReminderDays: [...new Set(s.EXPIRY_REMINDER_DAYS.split(',').map((d) => d.trim()).filter(Boolean).map(Number).filter((d) => d > 0))].sort((a, b) => b - a),
    signinRateLimit: s.SIGNIN_RATE_LIMIT,
    signinRateWindow: s.SIGNIN_RATE_WINDOW,
    maxUploadBytes: s.MAX_UPLOAD_BYTES,
    sessionDays: s.SESSION_DAYS,
    trustProxy: s.TRUST_PROXY,
    keyEncryptionKey: s.KEY_ENCRYPTION_KEY ? decodeKey(s.KEY_ENCRYPTION_KEY) : undefined,
    secureCookies: baseUrl.startsWith('https://'),
  });
}
