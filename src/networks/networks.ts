// Networks and regional badges (scenario C): the inputs, and the rule of regional offers.
// Pure: no database, no clock.
import { z } from 'zod';

export const networkPath = (publicId: string) => `/networks/${encodeURIComponent(publicId)}`;
export const OFFERS_PATH = '/offers';

const flag = z.preprocess((v) => v === true || v === 'true' || v === '1' || v === 'on' || v === 'yes', z.boolean());

export const networkInputSchema = z.object({
  name: z.string({ message: 'networks.name.required' }).trim().min(1, 'networks.name.required').max(200),
  description: z.string().trim().max(5000).default(''),
  /** Public id of a published badge of the owner: applying for it is how an organisation joins. */
  participantBadge: z.string({ message: 'networks.participantBadge.required' }).trim().min(1, 'networks.participantBadge.required').max(60),
});
export type NetworkInput = z.input<typeof networkInputSchema>;

export const mappingProposalSchema = z.object({
  /** Public id of the partner badge (one of the joining organisation's published badges). */
  badge: z.string({ message: 'networks.mapping.badgeRequired' }).trim().min(1, 'networks.mapping.badgeRequired').max(60),
  /** Public id of the network owner's regional badge it corresponds to. */
  regionalBadge: z.string({ message: 'networks.mapping.regionalRequired' }).trim().min(1, 'networks.mapping.regionalRequired').max(60),
  /** The regional badge's level a partner credential is worth. */
  level: z.string().trim().max(200).optional(),
  /** Whether the partner badge covers every competence the regional badge expects. */
  coversAll: flag,
  remarks: z.string().trim().max(5000).default(''),
});
export type MappingProposal = z.output<typeof mappingProposalSchema>;

export const joinInputSchema = z.object({
  /** Slug of the organisation joining (one the applicant manages). */
  organization: z.string({ message: 'networks.join.organizationRequired' }).trim().min(1, 'networks.join.organizationRequired').max(60),
  narrative: z.string().trim().max(20_000).default(''),
  mappings: z.array(mappingProposalSchema).min(1, 'networks.join.mappingRequired').max(20),
});
export type JoinInput = z.input<typeof joinInputSchema>;

export const endorseInputSchema = z.object({
  comment: z.string({ message: 'networks.endorse.commentRequired' }).trim().min(1, 'networks.endorse.commentRequired').max(2000),
});

/** An active mapping of the partner badge a holder's credential is of. */
export interface OfferableMapping {
  id: string;
  regionalBadge: string;
  level: string | null;
}

export interface OfferRuleInput {
  /** The partner credential is neither revoked, declined nor expired. */
  partnerCurrent: boolean;
  mappings: readonly OfferableMapping[];
  /** Mappings already offered to this holder, whatever the answer (a decline is remembered). */
  offered: ReadonlySet<string>;
  /** Regional badges the holder holds now, with the level held (null: held without a level). */
  held: ReadonlyMap<string, string | null>;
  /** Each regional badge's level names, lowest first. */
  levels: ReadonlyMap<string, readonly string[]>;
}

const rank = (levels: readonly string[] | undefined, level: string | null): number => (level === null ? -1 : (levels ?? []).indexOf(level));

/**
 * The mappings whose regional badge is to be offered to a holder of a partner credential: only
 * while the credential is current, not twice for one mapping, not when the holder holds the
 * regional badge at that level or higher already, and for one regional badge only the highest
 * level due (two partner badges mapped onto it at once give one offer).
 */
export function offersDue(input: OfferRuleInput): string[] {
  if (!input.partnerCurrent) return [];
  const best = new Map<string, OfferableMapping>();
  for (const mapping of input.mappings) {
    if (input.offered.has(mapping.id)) continue;
    const levels = input.levels.get(mapping.regionalBadge);
    if (input.held.has(mapping.regionalBadge)) {
      const held = input.held.get(mapping.regionalBadge) ?? null;
      // Held without a level, or at this level or above: nothing more to offer.
      if (held === null || mapping.level === null || rank(levels, mapping.level) <= rank(levels, held)) continue;
    }
    const current = best.get(mapping.regionalBadge);
    if (!current || rank(levels, mapping.level) > rank(levels, current.level)) best.set(mapping.regionalBadge, mapping);
  }
  return [...best.values()].map((m) => m.id);
}
