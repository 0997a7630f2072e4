// The dashboard's charts, drawn as SVG by hand: a stacked bar chart, a line and bar lists are all it
// needs, and the few lines here weigh far less than a chart library (uPlot is ~20 kB gz, Chart.js
// more), draw text a screen reader can reach and scale to a 360 px screen with the viewBox.
import { For, Show } from 'solid-js';

/** Series colours: distinct for colour-blind eyes (Okabe–Ito), dark enough on white. */
export const SERIES_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];

const W = 320;
const H = 150;
const PAD = { top: 14, right: 6, bottom: 20, left: 28 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

export interface Series {
  key: string;
  label: string;
  values: number[];
}

/** Bars per period, one stacked segment per series; the first and last period are labelled, and the top of the scale. */
export function StackedBars(props: { periods: string[]; series: Series[]; periodLabel: (period: string) => string; label: string; format: (n: number) => string }) {
  const totals = () => props.periods.map((_, i) => props.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const top = () => Math.max(1, ...totals());
  const slot = () => plotW / Math.max(1, props.periods.length);
  const barW = () => Math.max(1, slot() * 0.72);
  const y = (value: number) => PAD.top + plotH - (value / top()) * plotH;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label} data-testid="chart-orders">
        <line class="chart__axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
        <line class="chart__grid" x1={PAD.left} x2={W - PAD.right} y1={PAD.top} y2={PAD.top} />
        <text class="chart__tick" x={PAD.left - 4} y={PAD.top + 4} text-anchor="end">
          {props.format(top())}
        </text>
        <For each={props.periods}>
          {(_, i) => (
            <For each={props.series}>
              {(s, k) => {
                // eslint-disable-next-line solid/reactivity -- an accessor read only inside the JSX below, which tracks it
                const below = () => props.series.slice(0, k()).reduce((sum, b) => sum + (b.values[i()] ?? 0), 0);
                const value = () => s.values[i()] ?? 0;
                return (
                  <Show when={value() > 0}>
                    <rect
                      class="chart__bar"
                      data-series={s.key}
                      x={PAD.left + i() * slot() + (slot() - barW()) / 2}
                      y={y(below() + value())}
                      width={barW()}
                      height={y(below()) - y(below() + value())}
                      fill={SERIES_COLOURS[k() % SERIES_COLOURS.length]}
                    />
                  </Show>
                );
              }}
            </For>
          )}
        </For>
        <Show when={props.periods.length}>
          <text class="chart__tick" x={PAD.left} y={H - 4} text-anchor="start">
            {props.periodLabel(props.periods[0]!)}
          </text>
          <text class="chart__tick" x={W - PAD.right} y={H - 4} text-anchor="end">
            {props.periodLabel(props.periods.at(-1)!)}
          </text>
        </Show>
      </svg>
      <figcaption>
        <ul class="chart__legend">
          <For each={props.series}>
            {(s, k) => (
              <li>
                <span class="chart__swatch" style={{ background: SERIES_COLOURS[k() % SERIES_COLOURS.length] }} aria-hidden="true" />
                {s.label} · {props.format(s.values.reduce((a, b) => a + b, 0))}
              </li>
            )}
          </For>
        </ul>
      </figcaption>
    </figure>
  );
}

/** A line over periods on a fixed scale (ratings 1–5), a dot per period; gaps are not drawn across. */
export function LineChart(props: { points: { period: string; value: number }[]; min: number; max: number; periodLabel: (period: string) => string; label: string }) {
  const x = (i: number) => PAD.left + (props.points.length < 2 ? plotW / 2 : (i / (props.points.length - 1)) * plotW);
  const y = (value: number) => PAD.top + plotH - ((value - props.min) / (props.max - props.min)) * plotH;
  const path = () => props.points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join('');
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label} data-testid="chart-rating">
      <For each={[props.min, (props.min + props.max) / 2, props.max]}>
        {(tick) => (
          <>
            <line class="chart__grid" x1={PAD.left} x2={W - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text class="chart__tick" x={PAD.left - 4} y={y(tick) + 4} text-anchor="end">
              {tick}
            </text>
          </>
        )}
      </For>
      <path class="chart__line" d={path()} />
      <For each={props.points}>{(p, i) => <circle class="chart__dot" cx={x(i())} cy={y(p.value)} r="3.5" />}</For>
      <Show when={props.points.length}>
        <text class="chart__tick" x={PAD.left} y={H - 4} text-anchor="start">
          {props.periodLabel(props.points[0]!.period)}
        </text>
        <text class="chart__tick" x={W - PAD.right} y={H - 4} text-anchor="end">
          {props.periodLabel(props.points.at(-1)!.period)}
        </text>
      </Show>
    </svg>
  );
}

/** A ranked list with a bar per row, scaled to the largest value. */
export function BarList(props: { rows: { key: string; label: string; value: number; text: string }[]; testid: string }) {
  const top = () => Math.max(1, ...props.rows.map((r) => r.value));
  return (
    <ol class="bar-list" data-testid={props.testid}>
      <For each={props.rows}>
        {(row) => (
          <li class="bar-list__row">
            <span class="bar-list__label">{row.label}</span>
            <span class="bar-list__value">{row.text}</span>
            <span class="bar-list__bar" style={{ width: `${(row.value / top()) * 100}%` }} aria-hidden="true" />
          </li>
        )}
      </For>
    </ol>
  );
}
