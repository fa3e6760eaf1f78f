// `blason demo:load`: the seeds' scenarios (../shared/scenarios/seeds.json, kept here as data in
// seeds.ts) loaded in French through the same services as the pages and the API, so that a newcomer
// sees the platform alive in a minute:
//   A — Communotic: 5 badges reviewed by their holders (quorum 2) and the key badge
//       "Référent(e) numérique", held by Camille (awarded by its rule), an application awaiting votes;
//   B — the Region's apprenticeship directorate: the 12 badges of the CFA label with their
//       validities, reviewed by a committee, and the label "CFA numérique normand" (10 of 12 with the
//       5 mandatory) awarded by its rule to the CFA de Caen; the CFA de Rouen is two badges short;
//   C — Région Normandie: the 4 regional badges with their two levels, the participant badge and the
//       network; the CFA de Caen joined with its badge mapped onto Communiquer (level 1), endorsed by the
//       Region, and Camille, who earned it, is offered the regional badge;
//   D — Réseau Canopé: a robotics pathway of 7 badges in 4 steps, with an earner half-way.
// Loading twice changes nothing (the first organisation found means it was loaded).
import { userRowToActor } from '../accounts/accounts';
import { findUserBySignInEmail } from '../accounts/accounts.repository';
import { createUser } from '../accounts/accounts.service';
import { createApplication } from '../applications/applications.service';
import { castVerdict } from '../applications/reviews.service';
import { answerCredential } from '../awards/awards.repository';
import { awardCredential } from '../awards/awards.service';
import { createBadge } from '../badges/badges.service';
import { drainJobs, type JobHandlers } from '../jobs/worker';
import { createOrganizationForOwnerEmail } from '../organizations/organizations.service';
import type { Actor, Deps } from '../platform/deps';
import { createPathway } from '../pathways/pathways.service';
import { createNetwork, joinNetwork } from '../networks/networks.service';
import { COMMUNOTIC, LABEL, PEOPLE, REGION, ROBOTICS } from './seeds';

export const DEMO_PASSWORD = 'badges-normandie';

export interface DemoSummary {
  loaded: boolean;
  organizations: string[];
  badges: number;
  credentials: number;
  people: string[];
}

async function actorOf(deps: Deps, email: string): Promise<Actor> {
  const row = await findUserBySignInEmail(deps.db, email);
  if (!row) throw new Error(`Demo account ${email} is missing`);
  return userRowToActor(row);
}

const text = (name: string, description: string, narrative: string) => ({ name, description, criteria: { narrative }, inLanguage: 'fr' as const });

export async function loadDemo(deps: Deps, handlers: JobHandlers): Promise<DemoSummary> {
  const existing = await deps.db.selectFrom('organizations').select('slug').where('name', '=', COMMUNOTIC.name).executeTakeFirst();
  if (existing) return { loaded: false, organizations: [], badges: 0, credentials: 0, people: [] };
  let badges = 0;
  for (const person of PEOPLE)
    await createUser(deps, { email: person.email, password: DEMO_PASSWORD, displayName: person.name, verified: true, locale: 'fr', admin: 'admin' in person && person.admin });
  const accept = async (id: string) => {
    const row = await deps.db.selectFrom('credentials').select('id').where('public_id', '=', id).executeTakeFirstOrThrow();
    await answerCredential(deps.db, row.id, 'accepted', deps.clock.now());
  };
  const give = async (actor: Actor, badge: string, recipient: { email: string } | { organization: string }, level?: string) => {
    const result = await awardCredential(deps, actor, badge, { recipient, ...(level ? { level } : {}) });
    await accept(result.id);
    return result.id;
  };
  const badge = async (actor: Actor, slug: string, body: object) => {
    badges++;
    return (await createBadge(deps, actor, slug, body)).publicId;
  };

  // A — Communotic and its key badge.
  const communotic = (await createOrganizationForOwnerEmail(deps, { name: COMMUNOTIC.name, ownerEmail: COMMUNOTIC.owner, description: COMMUNOTIC.description })).slug;
  const pilot = await actorOf(deps, COMMUNOTIC.owner);
  const a: Record<string, string> = {};
  for (const b of COMMUNOTIC.badges)
    a[b.key] = await badge(pilot, communotic, {
      ...text(b.name, b.description, `Présenter aux détenteurs du badge des réalisations qui montrent que vous savez : ${b.description.charAt(0).toLowerCase()}${b.description.slice(1)}`),
      achievementType: 'Competency',
      tag: ['Communotic', 'numérique en formation'],
      blason: { status: 'published', review: COMMUNOTIC.review, evidence: { types: ['application/pdf', 'image/png', 'image/jpeg'], maxCount: 3 } },
    });
  const rule = { mandatory: [a.ingenierie!], groups: [{ of: [a.outils!, a.creation!, a.mediation!], count: 2 }] };
  await badge(pilot, communotic, {
    ...text(COMMUNOTIC.key.name, COMMUNOTIC.key.description, 'Décerné automatiquement à qui détient le badge Ingénierie multimodale et deux des badges Outils, Création ressources et Médiation.'),
    achievementType: 'Certificate',
    tag: ['Communotic', 'badge clé'],
    blason: { status: 'published', awardRule: rule },
  });
  // The first holders, bootstrapped by the network; Camille holds the combination, so the key badge follows.
  for (const [person, keys] of COMMUNOTIC.holders) for (const key of keys) await give(pilot, a[key]!, { email: person });
  const applicant = await actorOf(deps, COMMUNOTIC.applicant.email);
  await createApplication(deps, applicant, a[COMMUNOTIC.applicant.badge]!, { narrative: COMMUNOTIC.applicant.narrative, links: [COMMUNOTIC.applicant.link], submit: true });

  // B — the CFA label.
  const direction = (await createOrganizationForOwnerEmail(deps, { name: LABEL.owner.name, ownerEmail: LABEL.owner.email })).slug;
  const regionStaff = await actorOf(deps, LABEL.owner.email);
  const b: Record<string, string> = {};
  for (const item of LABEL.badges)
    b[item.key] = await badge(regionStaff, direction, {
      ...text(item.name, item.recognises, item.renewal ? `${item.recognises} ${item.renewal}` : item.recognises),
      achievementType: 'Badge',
      tag: ['label CFA', item.mandatory ? 'obligatoire' : 'au choix'],
      blason: {
        status: 'published',
        validity: { years: item.validityYears },
        review: { mode: 'committee', quorum: 2, committee: LABEL.committee },
        ...(item.criteria ? { checklist: { items: item.criteria, threshold: item.criteriaThreshold ?? item.criteria.length } } : {}),
      },
    });
  const mandatory = LABEL.badges.filter((x) => x.mandatory).map((x) => b[x.key]!);
  const optional = LABEL.badges.filter((x) => !x.mandatory).map((x) => b[x.key]!);
  await badge(regionStaff, direction, {
    ...text(LABEL.label.name, LABEL.label.description, 'Décerné automatiquement au CFA qui détient 10 des 12 badges du label, dont les 5 obligatoires.'),
    achievementType: 'Certificate',
    tag: ['label CFA'],
    blason: { status: 'published', awardRule: { mandatory, groups: [{ of: optional, count: 5 }], total: 10 } },
  });
  for (const cfa of LABEL.cfas) {
    const slug = (await createOrganizationForOwnerEmail(deps, { name: cfa.name, ownerEmail: cfa.owner })).slug;
    for (const id of [...mandatory, ...optional.slice(0, cfa.others)]) await give(regionStaff, id, { organization: slug });
  }

  // C — the regional badges with their two levels, and the participant badge.
  const region = (await createOrganizationForOwnerEmail(deps, { name: REGION.name, ownerEmail: REGION.owner, description: REGION.programme })).slug;
  const regionActor = await actorOf(deps, REGION.owner);
  const participant = await badge(regionActor, region, {
    ...text(REGION.participant, `Les organisations partenaires du programme « ${REGION.programme} ».`, 'Partager au moins un de ses badges avec une proposition de rattachement à un badge régional.'),
    achievementType: 'Membership',
    blason: { status: 'published' },
  });
  const regional: Record<string, string> = {};
  for (const item of REGION.badges)
    regional[item.key] = await badge(regionActor, region, {
      ...text(item.name, `${item.level1} ${item.level2}`, `Niveau « Je pratique » : ${item.level1} Niveau « Je maîtrise » : ${item.level2}`),
      achievementType: 'Competency',
      tag: [REGION.programme],
      resultDescription: [
        {
          name: 'Niveau',
          resultType: 'RubricCriterionLevel',
          rubricCriterionLevel: [
            { level: '1', name: 'Je pratique', description: item.level1 },
            { level: '2', name: 'Je maîtrise', description: item.level2 },
          ],
        },
      ],
      blason: { status: 'published', validity: { years: 3 } },
    });

  // …the network, and the CFA de Caen as a partner: its badge, earned by Camille, is mapped onto
  // Communiquer (level 1) by a join request the Region accepts; Camille is then offered the regional badge.
  const network = await createNetwork(deps, regionActor, region, { name: REGION.programme, description: 'Les organisations de formation normandes font reconnaître leurs badges par les badges régionaux de compétences transversales.', participantBadge: participant });
  const partner = REGION.partner;
  const cfaActor = await actorOf(deps, LABEL.cfas.find((c) => c.name === partner.organization)!.owner);
  const cfaSlug = (await deps.db.selectFrom('organizations').select('slug').where('name', '=', partner.organization).executeTakeFirstOrThrow()).slug;
  const partnerBadge = await badge(cfaActor, cfaSlug, { ...text(partner.badge.name, partner.badge.description, partner.badge.criteria), achievementType: 'Competency', blason: { status: 'published' } });
  for (const email of partner.earners) await give(cfaActor, partnerBadge, { email });
  const join = await joinNetwork(deps, cfaActor, network.id, {
    organization: cfaSlug,
    narrative: partner.narrative,
    mappings: [{ badge: partnerBadge, regionalBadge: regional[partner.regional]!, level: partner.level, coversAll: partner.coversAll, remarks: partner.remarks }],
  });
  await castVerdict(deps, regionActor, join.application, { verdict: 'yes', comment: 'Bienvenue dans le réseau.' });

  // D — a robotics pathway, with an earner half-way.
  const canope = (await createOrganizationForOwnerEmail(deps, { name: ROBOTICS.owner.name, ownerEmail: ROBOTICS.owner.email })).slug;
  const canopeActor = await actorOf(deps, ROBOTICS.owner.email);
  const robotics = new Map<string, string>();
  for (const name of ROBOTICS.steps.flatMap((step) => step.badges))
    robotics.set(name, await badge(canopeActor, canope, { ...text(name, `${name} : un badge du parcours « ${ROBOTICS.name} ».`, 'Présenter une réalisation en classe.'), tag: ['robotique'], blason: { status: 'published' } }));
  await createPathway(deps, canopeActor, canope, {
    name: ROBOTICS.name,
    description: ROBOTICS.description,
    steps: ROBOTICS.steps.map((step) => ({ name: step.name, badges: step.badges.map((n) => robotics.get(n)!), ...('count' in step ? { count: step.count } : {}) })),
  });
  for (const name of ROBOTICS.earner.badges) await give(canopeActor, robotics.get(name)!, { email: ROBOTICS.earner.email });

  // Key badges, labels and their mails: settled now rather than at the server's first start.
  await drainJobs(deps, handlers);
  const issued = await deps.db.selectFrom('credentials').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return {
    loaded: true,
    organizations: [COMMUNOTIC.name, LABEL.owner.name, ...LABEL.cfas.map((c) => c.name), REGION.name, ROBOTICS.owner.name],
    badges,
    credentials: Number(issued.n),
    people: PEOPLE.map((p) => p.email),
  };
}
