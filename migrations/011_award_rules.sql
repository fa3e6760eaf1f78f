-- Award rules (key badges and labels): a credential issued because its holder satisfies a badge's
-- combination rule records the credentials it rests on; a credential issued otherwise has none.
ALTER TABLE credentials ADD COLUMN rule_basis jsonb;

-- The key badges of a holder, looked up when what they rest on changes.
CREATE INDEX credentials_rule_issued ON credentials (badge_id) WHERE rule_basis IS NOT NULL;
-- Organisation holdings by badge (labels), as credentials_badge_holders does for addresses.
CREATE INDEX credentials_organization_holdings ON credentials (recipient_organization_id, badge_id) WHERE recipient_organization_id IS NOT NULL;
