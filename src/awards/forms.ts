// The award form of the pages: its fields ↔ the API body, and the body's error paths → its fields.
import type { FieldErrors } from '../errors';
import { type AwardFormValues, AWARD_FIELDS } from './pages/award';

export function awardFormValues(body: unknown): AwardFormValues {
  const fields = (body ?? {}) as Record<string, unknown>;
  const values: AwardFormValues = {};
  for (const name of AWARD_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string') values[name] = value.trim();
  }
  return values;
}

/** The API body of the award form (empty fields are left out). */
export function formToAwardInput(v: AwardFormValues): Record<string, unknown> {
  const byOrganization = v.recipient_kind === 'organization';
  const recipient: Record<string, string> = {};
  if (byOrganization ? v.organization : v.email) recipient[byOrganization ? 'organization' : 'email'] = (byOrganization ? v.organization : v.email) as string;
  if (v.name) recipient.name = v.name;
  return {
    recipient,
    ...(v.narrative ? { narrative: v.narrative } : {}),
    ...(v.level ? { level: v.level } : {}),
    ...(v.evidence ? { evidence: v.evidence } : {}),
    ...(v.valid_until ? { validUntil: v.valid_until } : {}),
  };
}

/** The form field that shows the error of a body path. */
export function awardFieldOf(path: string, v: AwardFormValues): string {
  const [head = '', second = ''] = path.split('.');
  if (head === 'recipient') {
    if (second === 'name') return 'name';
    return v.recipient_kind === 'organization' ? 'organization' : 'email';
  }
  if (head === 'validUntil' || head === 'issuedAt' || head === 'validFrom') return 'valid_until';
  if (head === 'evidence') return 'evidence';
  if (head === 'narrative' || head === 'level') return head;
  return v.recipient_kind === 'organization' ? 'organization' : 'email';
}

export function awardFormErrors(fields: FieldErrors, v: AwardFormValues): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, error] of Object.entries(fields)) {
    const field = awardFieldOf(path, v);
    if (!out[field]) out[field] = error;
  }
  return out;
}
