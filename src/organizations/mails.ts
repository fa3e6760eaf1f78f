// Mails of organisations (invitations).
export const organizationMails = {};
