import { defineMessages } from '../i18n/define';

export default defineMessages({
  fr: {
    'mail.footer': 'Ce message vous a été envoyé automatiquement par Blason ; inutile d’y répondre.',
  },
  en: {
    'mail.footer': 'This message was sent to you automatically by Blason; there is no need to reply.',
  },
});
