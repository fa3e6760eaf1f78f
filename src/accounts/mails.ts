// Mails of accounts (address verification, password reset).
export const accountMails = {};
