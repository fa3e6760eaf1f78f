// One catalogue of error codes, mapped to HTTP in one place (app.ts). Messages are message keys, translated when shown.
import type { MessageKey } from './i18n';

export const ERROR_STATUS = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldErrors = Record<string, { key: MessageKey; params?: Record<string, string | number> }>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly fields: FieldErrors = {},
  ) {
    super(`${code}: ${messageKey}`);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const fail = {
  validation: (fields: FieldErrors) => new AppError('validation', 'errors.validation', {}, fields),
  field: (field: string, key: MessageKey, params?: Record<string, string | number>) =>
    new AppError('validation', 'errors.validation', {}, { [field]: { key, ...(params ? { params } : {}) } }),
  unauthenticated: () => new AppError('unauthenticated', 'errors.unauthenticated'),
  forbidden: (key: MessageKey = 'errors.forbidden') => new AppError('forbidden', key),
  notFound: (key: MessageKey = 'errors.notFound') => new AppError('not_found', key),
  conflict: (key: MessageKey, params?: Record<string, string | number>) => new AppError('conflict', key, params),
  gone: (key: MessageKey) => new AppError('gone', key),
};
