// Issuer-side reports (issue 6) of an organisation — and, for a network's owner, across its
// members: holders per badge, awards over time, applications (pending and their age, time to
// decision), credentials expiring within 90 days, regional offers accepted or declined, and a
// competence map (who holds which competences, through the badges' alignments and tags).
// Aggregations are SQL; `competenceMap` (pure) turns holdings into the map.
import { sql } from 'kysely';
import { type Badge, badgeRowToBadge, textsIn } from '../badges/badges';
import { listBadges } from '../badges/badges.repository';
import { isCurrentCredential } from '../awards/awards.repository';
import type { Locale } from '../i18n';
import { requireOrganizationAccess } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';

const DAY_MS = 86_400_000;
export const EXPIRING_DAYS = 90;
export const MONTHS = 12;

export interface BadgeLine {
  id: string;
  name: string;
  organization: string;
  holders: number;
  issued: number;
  expiring: number;
  pending: number;
}

export interface Competence {
  name: string;
  kind: 'alignment' | 'tag';
  badges: string[];
  holders: number;
}

export interface MemberLine {
  slug: string;
  name: string;
  badges: number;
  issued: number;
  pending: number;
}

export interface OrganizationReport {
  organization: { slug: string; name: string };
  badges: BadgeLine[];
  months: { month: string; count: number }[];
  applications: { pending: number; oldestPendingDays: number | null; decided: number; averageDecisionDays: number | null };
  offers: { offered: number; accepted: number; declined: number };
  members: MemberLine[];
  competences: Competence[];
}

/** The competence map: each alignment target and tag of the badges, with the badges carrying it and how many distinct holders hold one of them. */
export function competenceMap(badges: readonly { id: string; name: string; alignments: string[]; tags: string[] }[], holders: ReadonlyMap<string, ReadonlySet<string>>): Competence[] {
  const map = new Map<string, { name: string; kind: Competence['kind']; badges: Set<string>; holders: Set<string> }>();
  for (const badge of badges) {
    const entries: [string, Competence['kind']][] = [...badge.alignments.map((a): [string, Competence['kind']] => [a, 'alignment']), ...badge.tags.map((t): [string, Competence['kind']] => [t, 'tag'])];
    for (const [name, kind] of entries) {
      const key = `${kind}:${name.trim().toLowerCase()}`;
      const entry = map.get(key) ?? { name: name.trim(), kind, badges: new Set<string>(), holders: new Set<string>() };
      entry.badges.add(badge.name);
      for (const h of holders.get(badge.id) ?? []) entry.holders.add(h);
      map.set(key, entry);
    }
  }
  return [...map.values()]
    .map((e) => ({ name: e.name, kind: e.kind, badges: [...e.badges].sort(), holders: e.holders.size }))
    .sort((a, b) => b.holders - a.holders || a.name.localeCompare(b.name));
}

/** The last `count` months as YYYY-MM, oldest first. */
export function lastMonths(now: Date, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

async function badgesOf(deps: Deps, organizationIds: string[]): Promise<Badge[]> {
  const out: Badge[] = [];
  for (const id of organizationIds) out.push(...(await listBadges(deps.db, { organizationId: id, statuses: ['published', 'archived'], limit: 1000, offset: 0 })).map(badgeRowToBadge));
  return out;
}

/** The report of an organisation, for its issuers and managers ('badge.issue'). */
export async function organizationReport(deps: Deps, actor: Actor | null, slug: string, locale: Locale): Promise<OrganizationReport> {
  const { organization } = await requireOrganizationAccess(deps, actor, slug, 'badge.issue');
  const now = deps.clock.now();
  const db = deps.db;
  const memberRows = await db
    .selectFrom('network_members as nm')
    .innerJoin('networks as n', 'n.id', 'nm.network_id')
    .innerJoin('organizations as o', 'o.id', 'nm.organization_id')
    .select(['o.id', 'o.slug', 'o.name'])
    .distinct()
    .where('n.organization_id', '=', organization.id)
    .orderBy('o.name')
    .execute();
  const own = await badgesOf(deps, [organization.id]);
  const memberBadges = await badgesOf(deps, memberRows.map((m) => m.id));
  const all = [...own, ...memberBadges];
  const ids = all.map((b) => b.id);
  const counts = ids.length
    ? await db
        .selectFrom('credentials as c')
        .select([
          'c.badge_id',
          sql<string>`count(*) FILTER (WHERE c.state <> 'declined')`.as('issued'),
          sql<string>`count(DISTINCT coalesce(c.recipient_email, 'org:' || c.recipient_organization_id)) FILTER (WHERE ${isCurrentCredential('c', now)})`.as('holders'),
          sql<string>`count(*) FILTER (WHERE ${isCurrentCredential('c', now)} AND c.valid_until <= ${new Date(now.getTime() + EXPIRING_DAYS * DAY_MS)})`.as('expiring'),
        ])
        .where('c.badge_id', 'in', ids)
        .groupBy('c.badge_id')
        .execute()
    : [];
  const pendingRows = ids.length
    ? await db.selectFrom('applications').select(['badge_id', sql<string>`count(*)`.as('n')]).where('badge_id', 'in', ids).where('status', '=', 'pending').groupBy('badge_id').execute()
    : [];
  const byBadge = new Map(counts.map((r) => [r.badge_id, r]));
  const pending = new Map(pendingRows.map((r) => [r.badge_id, Number(r.n)]));
  const line = (b: Badge): BadgeLine => ({
    id: b.publicId,
    name: textsIn(b.achievement, locale).name,
    organization: b.organizationName,
    holders: Number(byBadge.get(b.id)?.holders ?? 0),
    issued: Number(byBadge.get(b.id)?.issued ?? 0),
    expiring: Number(byBadge.get(b.id)?.expiring ?? 0),
    pending: pending.get(b.id) ?? 0,
  });

  // Awards over time (this organisation's), month by month.
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (MONTHS - 1), 1));
  const monthRows = await db
    .selectFrom('credentials')
    .select([sql<string>`to_char(date_trunc('month', issued_at AT TIME ZONE 'UTC'), 'YYYY-MM')`.as('month'), sql<string>`count(*)`.as('n')])
    .where('organization_id', '=', organization.id)
    .where('issued_at', '>=', since)
    .groupBy(sql`1`)
    .execute();
  const perMonth = new Map(monthRows.map((r) => [r.month, Number(r.n)]));

  // Applications for this organisation's badges.
  const ownIds = own.map((b) => b.id);
  const apps = ownIds.length
    ? await db
        .selectFrom('applications')
        .select([
          sql<string>`count(*) FILTER (WHERE status = 'pending')`.as('pending'),
          sql<Date | null>`min(submitted_at) FILTER (WHERE status = 'pending')`.as('oldest'),
          sql<string>`count(*) FILTER (WHERE decided_at >= ${since})`.as('decided'),
          sql<string | null>`avg(extract(epoch FROM decided_at - submitted_at)) FILTER (WHERE decided_at >= ${since})`.as('seconds'),
        ])
        .where('badge_id', 'in', ownIds)
        .executeTakeFirstOrThrow()
    : { pending: '0', oldest: null, decided: '0', seconds: null };
  const offers = await db
    .selectFrom('regional_offers as r')
    .innerJoin('badge_mappings as m', 'm.id', 'r.mapping_id')
    .innerJoin('badges as b', 'b.id', 'm.regional_badge_id')
    .select(['r.status', sql<string>`count(*)`.as('n')])
    .where('b.organization_id', '=', organization.id)
    .groupBy('r.status')
    .execute();
  const offerCount = (status: string) => Number(offers.find((o) => o.status === status)?.n ?? 0);

  // Holders per badge (distinct people or organisations holding it now), for the competence map.
  const holdings = ids.length
    ? await db
        .selectFrom('credentials as c')
        .select(['c.badge_id', sql<string>`coalesce(c.recipient_email, 'org:' || c.recipient_organization_id)`.as('holder')])
        .distinct()
        .where('c.badge_id', 'in', ids)
        .where(isCurrentCredential('c', now))
        .execute()
    : [];
  const holders = new Map<string, Set<string>>();
  for (const h of holdings) holders.set(h.badge_id, (holders.get(h.badge_id) ?? new Set()).add(h.holder));

  const lines = all.map(line);
  const oldest = apps.oldest ? new Date(apps.oldest) : null;
  return {
    organization: { slug: organization.slug, name: organization.name },
    badges: lines,
    months: lastMonths(now, MONTHS).map((month) => ({ month, count: perMonth.get(month) ?? 0 })),
    applications: {
      pending: Number(apps.pending),
      oldestPendingDays: oldest ? Math.floor((now.getTime() - oldest.getTime()) / DAY_MS) : null,
      decided: Number(apps.decided),
      averageDecisionDays: apps.seconds === null ? null : Math.round((Number(apps.seconds) / 86_400) * 10) / 10,
    },
    offers: { offered: offerCount('offered'), accepted: offerCount('accepted'), declined: offerCount('declined') },
    members: memberRows.map((m) => {
      const theirs = lines.filter((_, i) => all[i]!.organizationId === m.id);
      return { slug: m.slug, name: m.name, badges: theirs.length, issued: theirs.reduce((n, b) => n + b.issued, 0), pending: theirs.reduce((n, b) => n + b.pending, 0) };
    }),
    competences: competenceMap(
      all.map((b) => ({
        id: b.id,
        name: textsIn(b.achievement, locale).name,
        alignments: (b.achievement.alignment ?? []).map((a) => a.targetName),
        tags: b.achievement.tag ?? [],
      })),
      holders,
    ),
  };
}
