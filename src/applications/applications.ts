// Domain of applications and their review: the review policy of a badge, the decision rule of
// the seeds (one pure function), what an applicant may do with an application in each status,
// and the checks on evidence files. No database, no clock.
import { z } from 'zod';
import type { ApplicationStatus, ReviewDigest, ReviewMode, Verdict } from '../db/schema';

export type { ApplicationStatus, ReviewDigest, ReviewMode, Verdict };

export const REVIEW_MODES = ['staff', 'committee', 'holders'] as const satisfies readonly ReviewMode[];
export const VERDICTS = ['yes', 'no'] as const satisfies readonly Verdict[];
export const DIGESTS = ['immediate', 'daily'] as const satisfies readonly ReviewDigest[];
export const DEFAULT_QUORUM = 2;
export const MAX_QUORUM = 50;
export const MAX_COMMITTEE = 200;

// ——— Review policy (a badge setting) ———

export interface ReviewPolicy {
  mode: ReviewMode;
  /** Concordant verdicts needed (committee and holders); staff decide alone (1). */
  quorum: number;
  /** Committee members' addresses (lower-cased): people who verified one of them examine. */
  committee: string[];
}

/**
 * The public contract: `{"mode": "staff" | "committee" | "holders", "quorum"?: N, "committee"?: [emails]}`.
 * A committee needs at least `quorum` members, or no application could ever be decided.
 */
export const reviewPolicySchema = z
  .object({
    mode: z.enum(REVIEW_MODES, { message: 'applications.policy.mode' }),
    quorum: z.int({ message: 'applications.policy.quorum' }).min(1, 'applications.policy.quorum').max(MAX_QUORUM, 'applications.policy.quorum').optional(),
    committee: z
      .array(z.email({ message: 'applications.policy.committeeEmail' }).trim().toLowerCase().max(320))
      .max(MAX_COMMITTEE)
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.mode !== 'committee') return;
    const members = new Set(p.committee ?? []).size;
    if (members === 0) ctx.addIssue({ code: 'custom', path: ['committee'], message: 'applications.policy.committeeRequired' });
    else if (members < (p.quorum ?? DEFAULT_QUORUM))
      ctx.addIssue({ code: 'custom', path: ['quorum'], message: 'applications.policy.quorumAboveCommittee' });
  });

/** The policy a badge's settings give (staff review when none is set). */
export function reviewPolicyOf(settings: { review?: Record<string, unknown> | undefined }): ReviewPolicy {
  const parsed = reviewPolicySchema.safeParse(settings.review ?? { mode: 'staff' });
  if (!parsed.success) return { mode: 'staff', quorum: 1, committee: [] };
  const p = parsed.data;
  return {
    mode: p.mode,
    quorum: p.mode === 'staff' ? 1 : (p.quorum ?? DEFAULT_QUORUM),
    committee: p.mode === 'committee' ? [...new Set(p.committee ?? [])] : [],
  };
}

// ——— The decision rule (seed 000, PRODUCT.md scenario A) ———

export type Decision = 'accepted' | 'refused';

/**
 * Verdicts count in order of arrival; the first kind (yes or no) to reach `quorum` wins.
 * Returns the decision and how many verdicts it took, or null while undecided. Verdicts after
 * the deciding one never change it (the service refuses them anyway).
 */
export function decide(verdicts: readonly Verdict[], quorum: number): { decision: Decision; at: number } | null {
  if (!Number.isInteger(quorum) || quorum < 1) throw new RangeError(`quorum must be a positive integer, not ${quorum}`);
  let yes = 0;
  let no = 0;
  for (let i = 0; i < verdicts.length; i++) {
    if (verdicts[i] === 'yes') yes++;
    else no++;
    if (yes === quorum) return { decision: 'accepted', at: i + 1 };
    if (no === quorum) return { decision: 'refused', at: i + 1 };
  }
  return null;
}

// ——— What the applicant may do ———

export type ApplicantAction = 'edit' | 'submit' | 'withdraw';

export function applicantMay(status: ApplicationStatus, action: ApplicantAction): boolean {
  switch (action) {
    case 'edit':
    case 'submit':
      return status === 'draft';
    case 'withdraw':
      return status === 'draft' || status === 'pending';
  }
}

/** Whether an application is closed (a new one may then be made). */
export function isClosed(status: ApplicationStatus): boolean {
  return status === 'accepted' || status === 'refused' || status === 'withdrawn';
}

// ——— Evidence files ———

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 10;
export const MAX_LINKS = 20;

export interface EvidenceRulesLike {
  types: readonly string[];
  maxBytes?: number | undefined;
  maxCount?: number | undefined;
}

export interface IncomingFile {
  filename: string;
  /** The media type sniffed from the content, or declared when it cannot be sniffed. */
  mediaType: string;
  size: number;
}

export type FileRefusal =
  | { file: string; reason: 'type'; allowed: readonly string[] }
  | { file: string; reason: 'size'; maxBytes: number }
  | { file: string; reason: 'count'; maxCount: number }
  | { file: string; reason: 'notAllowed' };

/**
 * Which of the incoming files the badge's evidence rules refuse, given how many are attached
 * already. Files are judged one by one in order: an accepted file counts toward the maximum.
 * With no rules, the badge takes no files.
 */
export function refuseFiles(rules: EvidenceRulesLike | undefined, existing: number, incoming: readonly IncomingFile[]): FileRefusal[] {
  const refusals: FileRefusal[] = [];
  let count = existing;
  for (const f of incoming) {
    if (!rules) {
      refusals.push({ file: f.filename, reason: 'notAllowed' });
      continue;
    }
    const maxBytes = rules.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    const maxCount = rules.maxCount ?? DEFAULT_MAX_FILES;
    if (!mediaTypeAllowed(rules.types, f.mediaType)) refusals.push({ file: f.filename, reason: 'type', allowed: rules.types });
    else if (f.size > maxBytes) refusals.push({ file: f.filename, reason: 'size', maxBytes });
    else if (count >= maxCount) refusals.push({ file: f.filename, reason: 'count', maxCount });
    else count++;
  }
  return refusals;
}

/** `image/*` in the rules allows every image type. */
export function mediaTypeAllowed(allowed: readonly string[], mediaType: string): boolean {
  const type = mediaType.toLowerCase();
  return allowed.some((a) => a === type || (a.endsWith('/*') && type.startsWith(a.slice(0, -1))));
}

/** A self-assessment or examiner's criteria: distinct indices of the checklist, in order. */
export function normalizeCriteria(indices: readonly number[], itemCount: number): number[] {
  return [...new Set(indices)].filter((i) => Number.isInteger(i) && i >= 0 && i < itemCount).sort((a, b) => a - b);
}

// ——— Paths ———

export const applicationPath = (publicId: string, rest = '') => `/applications/${encodeURIComponent(publicId)}${rest}`;
export const applyPath = (badgePublicId: string) => `/badges/${encodeURIComponent(badgePublicId)}/apply`;
export const evidenceFilePath = (applicationId: string, fileId: string) => `${applicationPath(applicationId)}/files/${encodeURIComponent(fileId)}`;

export type RenewalLevelCheck = 'ok' | 'levelRequired' | 'notHigher';

/**
 * Whether the level asked for in a renewal is acceptable: when the badge demands a higher level to
 * renew, it must come strictly after the held one in the badge's levels (listed lowest first).
 */
export function renewalLevel(levels: readonly string[], held: string | null, applied: string | null, higherLevel: boolean): RenewalLevelCheck {
  if (!higherLevel || levels.length === 0) return 'ok';
  if (!applied) return 'levelRequired';
  return levels.indexOf(applied) > (held ? levels.indexOf(held) : -1) ? 'ok' : 'notHigher';
}
