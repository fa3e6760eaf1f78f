// The public page of a badge: what it recognises, how to earn it, who issues it.
import { ApplySection } from '../../applications/pages/apply';
import type { AwardRule } from '../../rules/award-rule';
import { RuleSection } from '../../rules/pages/rule';
import type { ShownEndorsement } from '../../networks/endorsements';
import { EndorsementsSection } from '../../networks/pages/endorsements';
import { BadgeAwardSection } from '../../awards/pages/award';
import { BulkUploadSection } from '../../bulk/pages/upload';
import { Layout } from '../../web/layout';
import type { View } from '../../web/view';
import { type Badge, stripChecklist, textsIn } from '../badges';
import { badgePath } from '../document';
import { levelsResult } from '../forms';
import { ActionButton, BadgeImage, Paragraphs, StatusTag, validityLabel } from './common';

export function BadgePage(props: {
  v: View;
  badge: Badge;
  canDesign: boolean;
  canAward?: boolean;
  apply?: { baseUrl: string; open: { id: string } | null; network?: string | undefined };
  /** A key badge or label: its award rule, with the names of the badges it names. */
  rule?: { rule: AwardRule; names: Map<string, string> } | undefined;
  endorsements?: readonly ShownEndorsement[];
}) {
  const { v, badge } = props;
  const a = badge.achievement;
  const texts = textsIn(a, v.locale);
  const lang = texts.language === v.locale ? undefined : texts.language;
  const { checklist, validity, evidence } = badge.settings;
  const levels = levelsResult(badge)?.rubricCriterionLevel ?? [];
  const orgHref = `/organizations/${encodeURIComponent(badge.organizationSlug)}`;
  return (
    <Layout v={v} title={texts.name}>
      <article class="card">
        <BadgeImage badge={badge} size={200} alt={a.image?.caption || texts.name} />
        <h1 style="margin-top:.5rem" lang={lang}>
          {texts.name}
        </h1>
        <p>
          {v.t('badges.show.issuer')} <a href={orgHref}>{badge.organizationName}</a>
          {badge.status !== 'published' && (
            <>
              {' '}
              <StatusTag v={v} status={badge.status} />
            </>
          )}
        </p>
        {badge.status === 'archived' && <p class="muted">{v.t('badges.show.archivedNote')}</p>}
        <div lang={lang}>
          <Paragraphs text={texts.description} />
        </div>

        <h2>{v.t('badges.show.criteria')}</h2>
        <div lang={lang}>
          <Paragraphs text={stripChecklist(texts.criteria.narrative)} />
        </div>
        {checklist && (
          <>
            <p>
              {checklist.threshold >= checklist.items.length
                ? v.t('badges.show.checklistAll')
                : v.t('badges.show.checklistThreshold', { threshold: checklist.threshold, count: checklist.items.length })}
            </p>
            <ul lang={a.inLanguage === v.locale ? undefined : a.inLanguage}>
              {checklist.items.map((item, i) => (
                <li key={i}>{item}</li>
              ))}
            </ul>
          </>
        )}

        {levels.length > 0 && (
          <>
            <h2>{v.t('badges.show.levels')}</h2>
            <ul lang={a.inLanguage === v.locale ? undefined : a.inLanguage}>
              {levels.map((level) => (
                <li key={level.id}>
                  <strong>
                    {level.level ? `${level.level} — ` : ''}
                    {level.name}
                  </strong>
                  {level.description && <> : {level.description}</>}
                </li>
              ))}
            </ul>
          </>
        )}

        <h2>{v.t('badges.show.details')}</h2>
        <dl>
          <dt>{v.t('badges.show.validity')}</dt>
          <dd>{validity ? validityLabel(v.t, validity) : v.t('badges.show.validityNone')}</dd>
          {a.achievementType && (
            <>
              <dt>{v.t('badges.field.achievementType')}</dt>
              <dd>{a.achievementType}</dd>
            </>
          )}
          {(a.tag ?? []).length > 0 && (
            <>
              <dt>{v.t('badges.field.tags')}</dt>
              <dd>
                {(a.tag ?? []).map((tag) => (
                  <a key={tag} class="badge-tag" href={`/badges?tag=${encodeURIComponent(tag)}`}>
                    {tag}
                  </a>
                ))}
              </dd>
            </>
          )}
          {evidence && (
            <>
              <dt>{v.t('badges.show.evidence')}</dt>
              <dd>
                {evidence.types.join(', ')}
                {evidence.maxBytes ? ` — ${v.t('badges.show.evidenceMax', { size: Math.ceil(evidence.maxBytes / 1024) })}` : ''}
                {evidence.maxCount ? ` — ${v.t('badges.show.evidenceCount', { count: evidence.maxCount })}` : ''}
              </dd>
            </>
          )}
          <dt>{v.t('badges.show.version')}</dt>
          <dd>{badge.version}</dd>
        </dl>

        {(a.alignment ?? []).length > 0 && (
          <>
            <h2>{v.t('badges.show.alignments')}</h2>
            <ul>
              {(a.alignment ?? []).map((al, i) => (
                <li key={i}>
                  <a href={al.targetUrl} rel="noopener nofollow">
                    {al.targetName}
                  </a>
                  {al.targetFramework && <span class="muted"> ({al.targetFramework}{al.targetCode ? ` ${al.targetCode}` : ''})</span>}
                </li>
              ))}
            </ul>
          </>
        )}
        <p class="muted small">
          <a href={`/api/v1/badges/${encodeURIComponent(badge.publicId)}`}>{v.t('badges.show.json')}</a>
        </p>
      </article>
      {props.rule && <RuleSection v={v} rule={props.rule.rule} names={props.rule.names} />}
      <EndorsementsSection v={v} endorsements={props.endorsements ?? []} />
      {props.apply && <ApplySection v={v} badge={badge} baseUrl={props.apply.baseUrl} open={props.apply.open} network={props.apply.network} />}
      {props.canAward && <BadgeAwardSection v={v} badge={badge} />}
      {props.canAward && <BulkUploadSection v={v} badge={badge} />}
      {props.canDesign && (
        <p class="actions">
          <a class="button" href={badgePath(badge.publicId, '/edit')}>
            {v.t('badges.show.edit')}
          </a>
          {badge.status === 'draft' && <ActionButton v={v} action={badgePath(badge.publicId, '/publish')} label={v.t('badges.action.publish')} />}
          {badge.status === 'published' && (
            <ActionButton v={v} action={badgePath(badge.publicId, '/archive')} label={v.t('badges.action.archive')} danger />
          )}
          {badge.status === 'archived' && <ActionButton v={v} action={badgePath(badge.publicId, '/unarchive')} label={v.t('badges.action.unarchive')} />}
          <a class="button secondary" href={`${orgHref}/badges`}>
            {v.t('badges.show.allBadges')}
          </a>
        </p>
      )}
    </Layout>
  );
}
