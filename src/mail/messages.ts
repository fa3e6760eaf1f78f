import { defineMessages } from '../i18n/define';

export default defineMessages({
  fr: {},
  en: {},
});
