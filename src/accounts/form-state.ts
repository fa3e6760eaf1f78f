// What a form page is shown again with after a refused submission: the values typed (never
// passwords), the translated field errors, and a message for the summary.
import type { FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../errors';
import { translateFields } from '../web/render';
import type { FormErrors } from '../web/view';

export interface FormState {
  values?: Record<string, string>;
  errors?: FormErrors;
  message?: string;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; status: number; state: FormState };

/** The string fields of a urlencoded body (anything else is dropped). */
export function formBody(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  const out: Record<string, string> = {};
  if (body && typeof body === 'object')
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** Values safe to render back into a form. */
export function keepValues(body: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (!/password|_csrf|token/i.test(key)) out[key] = value;
  return out;
}

/**
 * Runs a form's use case. The errors a person can fix (by default validation and conflict) come
 * back as the state to show the form again with; every other error goes to the error handler.
 */
export async function attempt<T>(
  request: FastifyRequest,
  run: () => Promise<T>,
  shownCodes: readonly ErrorCode[] = ['validation', 'conflict'],
): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (!(error instanceof AppError) || !shownCodes.includes(error.code)) throw error;
    const errors = translateFields(request.t, error.fields);
    const hasFields = Object.keys(errors).length > 0;
    return {
      ok: false,
      status: error.status,
      state: {
        values: keepValues(formBody(request)),
        errors,
        ...(hasFields ? {} : { message: request.t(error.messageKey, error.params) }),
      },
    };
  }
}
