// Helpers of the organisation pages' form handlers.
import { AppError } from '../errors';

export type FormBody = Record<string, unknown>;

/** Runs a use case; errors that a form shows on its own page are returned, anything else is thrown to the error page. */
export async function tryForm<T>(run: () => Promise<T>): Promise<T | AppError> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && ['validation', 'conflict', 'gone', 'payload_too_large'].includes(error.code)) return error;
    throw error;
  }
}

/** A text field of a form body, trimmed ('' when absent). */
export function text(body: FormBody, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Checkboxes arrive as a string (one ticked) or an array (several). */
export function list(body: FormBody, name: string): string[] {
  const raw = body[name];
  if (Array.isArray(raw)) return raw.filter((r): r is string => typeof r === 'string');
  return typeof raw === 'string' ? [raw] : [];
}
