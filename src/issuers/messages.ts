import { defineMessages } from '../i18n/define';

export default defineMessages({
  fr: {
    'issuers.rotateConflict': 'Une autre rotation de clé a eu lieu en même temps. Réessayez.',
  },
  en: {
    'issuers.rotateConflict': 'Another key rotation happened at the same time. Try again.',
  },
});
