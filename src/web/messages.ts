import { defineMessages } from '../i18n/define';

export default defineMessages({
  fr: {
    'home.title': 'Accueil',
    'home.heading': 'Des badges numériques ouverts, vérifiables et reconnus',
    'home.lead':
      "Blason permet aux organismes de formation d'un réseau de concevoir, attribuer, examiner entre pairs, vérifier et collectionner des badges Open Badges 3.0.",
    'home.setup.heading': 'Bienvenue ! Blason vient d’être installé.',
    'home.setup.text': 'Créez le premier compte : il deviendra l’administrateur de la plateforme.',
    'home.setup.action': 'Créer le compte administrateur',
    'home.signedIn': 'Bonjour {name}.',
    'home.actions.organizations': 'Voir les organisations',
    'home.actions.createOrganization': 'Créer une organisation',
    'home.actions.signUp': 'Créer un compte',
    'home.features.review': 'Examen par les pairs : les titulaires d’un badge valident les nouvelles demandes.',
    'home.features.keys': 'Badges clés et labels attribués automatiquement à partir de combinaisons.',
    'home.features.verify': 'Chaque badge est un justificatif signé, vérifiable par tous, sans compte.',
  },
  en: {
    'home.title': 'Home',
    'home.heading': 'Open digital badges, verifiable and recognised',
    'home.lead':
      'Blason lets the training organisations of a network design, award, peer-review, verify and collect Open Badges 3.0.',
    'home.setup.heading': 'Welcome! Blason has just been installed.',
    'home.setup.text': 'Create the first account: it will become the platform administrator.',
    'home.setup.action': 'Create the administrator account',
    'home.signedIn': 'Hello {name}.',
    'home.actions.organizations': 'Browse organisations',
    'home.actions.createOrganization': 'Create an organisation',
    'home.actions.signUp': 'Create an account',
    'home.features.review': 'Peer review: the holders of a badge validate new applications.',
    'home.features.keys': 'Key badges and labels awarded automatically from combinations.',
    'home.features.verify': 'Every badge is a signed credential that anyone can verify, without an account.',
  },
});
