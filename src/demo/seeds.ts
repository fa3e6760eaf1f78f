// The seeds' scenarios as data for the demo (from the seeds shared with the project, in French),
// with the demo's people. Texts are the seeds' own, abridged.

export const PEOPLE = [
  {
    "email": "admin@blason.demo",
    "name": "Administration de la plateforme",
    "admin": true
  },
  {
    "email": "pilote@communotic.demo",
    "name": "Claire Lemoine (Communotic)"
  },
  {
    "email": "camille.martin@cfa-bayeux.demo",
    "name": "Camille Martin"
  },
  {
    "email": "dominique.leroy@greta-rouen.demo",
    "name": "Dominique Leroy"
  },
  {
    "email": "sacha.bernard@afpa-caen.demo",
    "name": "Sacha Bernard"
  },
  {
    "email": "lea.petit@cfa-alencon.demo",
    "name": "Léa Petit"
  },
  {
    "email": "apprentissage@region-normandie.demo",
    "name": "Direction de l’apprentissage"
  },
  {
    "email": "comite1@badgeons-normandie.demo",
    "name": "Yann Morel (Badgeons la Normandie)"
  },
  {
    "email": "comite2@cfa-pilote.demo",
    "name": "Inès Garnier (CFA pilote)"
  },
  {
    "email": "direction@cfa-caen.demo",
    "name": "Direction du CFA de Caen"
  },
  {
    "email": "direction@cfa-rouen.demo",
    "name": "Direction du CFA de Rouen"
  },
  {
    "email": "robotique@reseau-canope.demo",
    "name": "Réseau Canopé — robotique"
  },
  {
    "email": "programme@region-normandie.demo",
    "name": "La Normandie badge les compétences"
  }
] as const;

export const COMMUNOTIC = {
  name: "Communotic",
  description: "Réseau normand des acteurs du numérique en formation.",
  owner: 'pilote@communotic.demo',
  review: { mode: 'holders' as const, quorum: 2 },
  badges: [
  {
    "key": "mediation",
    "name": "Référent(e) médiation numérique pédagogique",
    "description": "Fait l'interface entre les techniciens du système d'information et les équipes pédagogiques et/ou administratives ; traduit les besoins multimédia pédagogiques en normes techniques et vice versa ; effectue de la veille."
  },
  {
    "key": "outils",
    "name": "Référent(e) outils numériques pédagogiques",
    "description": "Intègre et met en œuvre les outils numériques nécessaires à une formation multimodale (LMS, espace web…), en fait la veille, tutore les salariés de sa structure et traite les données d'utilisation."
  },
  {
    "key": "creation",
    "name": "Référent(e) création ressources",
    "description": "Crée et met à jour des ressources pédagogiques multimédia à partir d'un storyboard ou d'une intention pédagogique, dans le respect des chartes graphiques, des normes techniques (SCORM, responsive design…) et du droit d'auteur."
  },
  {
    "key": "ingenierie",
    "name": "Référent(e) ingénierie multimodale",
    "description": "Rédige le parcours de formation en prenant en compte l'ensemble des modalités possibles : activités distancielles, collaboratives, synchrones/asynchrones ; réalise des storyboards ; tutore les apprenants à distance."
  },
  {
    "key": "ambassadeur",
    "name": "Référent(e) ambassadeur(trice) multimodalité",
    "description": "Communique régulièrement en externe sur les projets multimodaux réalisés par sa structure et contribue à leur valorisation."
  }
],
  key: { name: "Référent(e) numérique d'organisme de formation", description: "Reconnaît les compétences nécessaires pour assurer des fonctions de médiation, de veille, d'animation, d'accompagnement, de réalisation et d'administration sur tout l'environnement numérique du dispositif de formation de sa structure." },
  /** The first holders: Camille holds Ingénierie, Outils and Création (so the key badge); the others some. */
  holders: [
    ['camille.martin@cfa-bayeux.demo', ['ingenierie', 'outils', 'creation']],
    ['sacha.bernard@afpa-caen.demo', ['outils', 'mediation', 'ambassadeur']],
    ['lea.petit@cfa-alencon.demo', ['outils', 'creation']],
  ] as [string, string[]][],
  applicant: {
    email: 'dominique.leroy@greta-rouen.demo',
    badge: 'outils',
    narrative: 'J’ai déployé Moodle pour les six sites du GRETA, formé quinze formateurs et je suis chaque mois les données d’usage pour ajuster les parcours.',
    link: 'https://example.org/portfolio/dominique-leroy',
  },
};

export const LABEL = {
  owner: { name: "Région Normandie — Direction de l'apprentissage", email: 'apprentissage@region-normandie.demo' },
  committee: ['comite1@badgeons-normandie.demo', 'comite2@cfa-pilote.demo', 'apprentissage@region-normandie.demo'],
  badges: [
  {
    "key": "prospection",
    "name": "Prospection",
    "mandatory": true,
    "validityYears": 3,
    "recognises": "Le travail de prospection sur les évolutions numériques des métiers (veille, intégration dans les référentiels et les cours, études de branche, cas concrets).",
    "renewal": "Renouvellement seulement si l'intégralité des formations concernées."
  },
  {
    "key": "attractivite",
    "name": "Attractivité, infos, communication",
    "mandatory": false,
    "validityYears": 1,
    "recognises": "Les efforts pour présenter les métiers, les formations et le cadre de vie au-delà du site internet.",
    "criteria": [
      "vidéos de présentation des métiers",
      "présentation des formations",
      "vidéos de présentation du CFA",
      "vidéos faites par les apprentis",
      "réseaux sociaux"
    ],
    "criteriaThreshold": 2
  },
  {
    "key": "accessibilite",
    "name": "Accessibilité en ligne — multimodalité",
    "mandatory": true,
    "validityYears": 2,
    "recognises": "Accès à distance aux contenus de la formation ; plateforme LMS ; apprentis, personnels et entreprises ont accès au contenu et à l'avancement."
  },
  {
    "key": "apprentis",
    "name": "Apprentis",
    "mandatory": true,
    "validityYears": 3,
    "recognises": "La capacité du CFA à référencer, suivre, évaluer et faire délivrer des micro-certifications aux apprentis sur les compétences numériques.",
    "renewal": "Renouvellement seulement si l'intégralité des groupes bénéficie du système d'attestation."
  },
  {
    "key": "tutorat",
    "name": "Tutorat",
    "mandatory": true,
    "validityYears": 2,
    "recognises": "Le tutorat à distance est organisé.",
    "criteria": [
      "identification des personnels missionnés",
      "outils numériques de tutorat à distance mis en œuvre",
      "historique des échanges conservé"
    ]
  },
  {
    "key": "plan-formation",
    "name": "Plan de formation",
    "mandatory": true,
    "validityYears": 3,
    "recognises": "Un plan de formation continue à la pédagogie intégrant le numérique.",
    "criteria": [
      "compétences à acquérir identifiées",
      "formations et compétences attestées par des badges",
      "multimodalité mise en œuvre dans le plan"
    ]
  },
  {
    "key": "referent-numerique",
    "name": "Référent numérique",
    "mandatory": false,
    "validityYears": 1,
    "recognises": "Présence d'un·e référent·e numérique (référentiel Communotic)."
  },
  {
    "key": "espaces",
    "name": "Espaces pédagogiques innovants",
    "mandatory": false,
    "validityYears": 2,
    "recognises": "De nouveaux espaces d'apprentissage sont pensés ou mis en œuvre."
  },
  {
    "key": "expertise",
    "name": "Expertise outils ++",
    "mandatory": false,
    "validityYears": 2,
    "recognises": "L'expertise des formateur·trices sur des outils ou objets numériques (visioconférence, réalité virtuelle, robotique, tableau numérique…)."
  },
  {
    "key": "ressources",
    "name": "Ressources pédagogiques numériques",
    "mandatory": false,
    "validityYears": 2,
    "recognises": "Les ressources sont au format numérique.",
    "levels": [
      {
        "level": 1,
        "name": "on lit, on regarde, on écoute"
      },
      {
        "level": 2,
        "name": "ressource interactive, apprenant actif"
      },
      {
        "level": 3,
        "name": "innovant : serious game, réalité virtuelle…"
      }
    ],
    "renewal": "Première obtention au niveau 1 ; renouvellement au niveau 2 ou 3."
  },
  {
    "key": "accompagnement",
    "name": "Accompagnement projet du jeune",
    "mandatory": false,
    "validityYears": 2,
    "recognises": "Outils ou services pour que le jeune s'oriente ou s'insère : ePortfolio, badges numériques, CV numérique, employabilité."
  },
  {
    "key": "post-cfa",
    "name": "Post-CFA",
    "mandatory": false,
    "validityYears": 3,
    "recognises": "Persistance du lien avec le jeune après sa sortie : plateforme ou service (offres d'emploi, enquêtes)."
  }
] as { key: string; name: string; mandatory: boolean; validityYears: number; recognises: string; renewal?: string; criteria?: string[]; criteriaThreshold?: number }[],
  label: { name: "CFA numérique normand", description: "Badge or : le CFA est labellisé « CFA numérique normand »." },
  /** Caen holds the 5 mandatory badges and 5 others (the label); Rouen the 5 mandatory and 3 others. */
  cfas: [
    { name: 'CFA de Caen', owner: 'direction@cfa-caen.demo', others: 5 },
    { name: 'CFA de Rouen', owner: 'direction@cfa-rouen.demo', others: 3 },
  ],
};

export const REGION = {
  name: "Région Normandie",
  programme: "La Normandie badge les compétences",
  owner: 'programme@region-normandie.demo',
  participant: "Participant à « La Normandie badge les compétences »",
  badges: [
  {
    "key": "communiquer",
    "name": "Communiquer",
    "level1": "Interagir avec autrui de manière adaptée à l'oral et/ou à l'écrit.",
    "level2": "Transmettre des informations pertinentes et adapter sa communication selon les interlocuteurs et les situations."
  },
  {
    "key": "adapter",
    "name": "Adapter",
    "level1": "Modifier des habitudes, des comportements pour faire face à un changement ; utiliser de nouvelles ressources, de nouveaux outils ; persévérer.",
    "level2": "Identifier ses forces et faiblesses, adopter une stratégie, faire preuve d'initiative, se remettre en question, apprendre à apprendre."
  },
  {
    "key": "organiser",
    "name": "Organiser",
    "level1": "Identifier et prioriser les tâches d'une activité simple, mobiliser les ressources, gérer son environnement, respecter les délais.",
    "level2": "Découper les activités complexes en étapes, analyser les contraintes, planifier les ressources, estimer un délai, anticiper les risques."
  },
  {
    "key": "integrer",
    "name": "S'intégrer",
    "level1": "Comprendre son environnement professionnel et ses codes sociaux, les appliquer, respecter un règlement, développer son réseau.",
    "level2": "Travailler à plusieurs dans un objectif commun, coopérer, comprendre son rôle dans un groupe."
  }
],
  /** The demo's own partner (the seed describes the mapping form, not a partner): the CFA de Caen maps its badge onto Communiquer, level 1. */
  partner: {
    organization: 'CFA de Caen',
    badge: { name: 'Prise de parole en situation professionnelle', description: 'L’apprenti présente son activité à un client ou à son équipe, à l’oral, de façon claire et adaptée.', criteria: 'Présentation orale de cinq minutes devant un jury du CFA.' },
    regional: 'communiquer',
    level: 'Je pratique',
    coversAll: false,
    remarks: 'La communication écrite est abordée, mais pas évaluée.',
    narrative: 'Le CFA de Caen forme 800 apprentis et délivre déjà des badges de savoir-être.',
    /** Earned before the mapping: offered the regional badge when the mapping becomes active. */
    earners: ['camille.martin@cfa-bayeux.demo'],
  },
};

/** Scenario D: the seed names the pathway and its owner only; its steps here are the demo's own. */
export const ROBOTICS = {
  owner: { name: 'Réseau Canopé', email: 'robotique@reseau-canope.demo' },
  name: 'Robotique éducative',
  description: 'Un parcours pour les enseignants et formateurs du premier degré : découvrir, construire, programmer, puis animer des ateliers de robotique.',
  steps: [
    { name: 'Découvrir', badges: ['Découvrir la robotique éducative', 'Programmer par blocs'] },
    { name: 'Construire et programmer', count: 2, badges: ['Thymio en classe', 'Blue-Bot en maternelle', 'mBot et capteurs'] },
    { name: 'Concevoir une séquence', badges: ['Séquence de robotique en cycle 2 ou 3'] },
    { name: 'Transmettre', badges: ['Animer un atelier de robotique'] },
  ],
  earner: { email: 'lea.petit@cfa-alencon.demo', badges: ['Découvrir la robotique éducative', 'Programmer par blocs', 'Thymio en classe'] },
};
