-- Evidence stays private unless its earner chooses to show it (issue 6): the credential's page lists
-- its evidence to its earner and its issuer's staff only, and to everyone once shown. (The signed
-- credential itself carries its evidence, as issued: private evidence lives behind access-checked
-- addresses, as applications' files do.)
ALTER TABLE credentials ADD COLUMN evidence_shown boolean NOT NULL DEFAULT false;
