// On a key badge's or label's page: the combination of badges that awards it automatically.
import { badgePath } from '../../badges/document';
import type { View } from '../../web/view';
import type { AwardRule } from '../award-rule';

function Names(props: { ids: string[]; names: Map<string, string> }) {
  return (
    <>
      {props.ids.map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <a href={badgePath(id)}>{props.names.get(id) ?? id}</a>
        </span>
      ))}
    </>
  );
}

export function RuleSection(props: { v: View; rule: AwardRule; names: Map<string, string> }) {
  const { v, rule, names } = props;
  // The message texts end with their own full stop: split around the list of badges.
  const around = (key: 'rules.text.mandatory' | 'rules.text.group', params: Record<string, string | number> = {}) => v.t(key, { ...params, badges: '\u0000' }).split('\u0000');
  const [mBefore = '', mAfter = ''] = around('rules.text.mandatory');
  return (
    <section class="card" aria-labelledby="rule-heading" id="award-rule">
      <h2 id="rule-heading" style="margin-top:0">
        {v.t('rules.text.title')}
      </h2>
      <p class="muted">{v.t('rules.field.hint')}</p>
      <ul>
        {rule.mandatory.length > 0 && (
          <li>
            {mBefore}
            <Names ids={rule.mandatory} names={names} />
            {mAfter}
          </li>
        )}
        {rule.groups.map((g, i) => {
          const [before = '', after = ''] = around('rules.text.group', { count: g.count });
          return (
            <li key={i}>
              {before}
              <Names ids={g.of} names={names} />
              {after}
            </li>
          );
        })}
        {rule.total !== undefined && <li>{v.t('rules.text.total', { total: rule.total })}</li>}
      </ul>
    </section>
  );
}
