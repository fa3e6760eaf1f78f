// One SVG bar chart for the reports page: columns (awards month by month) or rows (holders per
// badge, the competence map). An image to its readers (`role="img"`, named by its <title> and
// <desc>); the table next to it, with the same figures, is the accessible equivalent.

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 600;
const TEXT = '#333';

/** Shortens a label drawn in the chart (the table has it in full). */
function shorten(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

export function BarChart(props: { id: string; title: string; desc: string; bars: readonly Bar[]; direction: 'columns' | 'rows'; color: string }) {
  const { id, bars, color } = props;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = props.direction === 'rows';
  // Columns: 160 px tall bars over their labels. Rows: one 24 px row per bar, labels on the left.
  const height = rows ? bars.length * 24 + 8 : 190;
  return (
    <svg id={id} class="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} style="max-width:100%;height:auto">
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.desc}</desc>
      {bars.map((b, i) => {
        if (rows) {
          const left = 210;
          const w = Math.round((b.value / max) * (WIDTH - left - 50));
          const y = i * 24 + 4;
          return (
            <g key={i} class="bar" data-label={b.label} data-value={b.value}>
              <text x={left - 8} y={y + 13} font-size="12" text-anchor="end" fill={TEXT}>
                {shorten(b.label, 32)}
              </text>
              <rect x={left} y={y} width={w} height={18} fill={color} />
              <text x={left + w + 6} y={y + 13} font-size="12" fill={TEXT}>
                {b.value}
              </text>
            </g>
          );
        }
        const step = WIDTH / bars.length;
        const h = Math.round((b.value / max) * 160);
        return (
          <g key={i} class="bar" data-label={b.label} data-value={b.value}>
            <rect x={i * step + 6} y={160 - h} width={step - 12} height={h} fill={color} />
            <text x={i * step + step / 2} y={174} font-size="10" text-anchor="middle" fill={TEXT}>
              {shorten(b.label, 8)}
            </text>
            {b.value > 0 && (
              <text x={i * step + step / 2} y={160 - h - 4} font-size="11" text-anchor="middle" fill={TEXT}>
                {b.value}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
