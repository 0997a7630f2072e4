import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { Guarded } from '../../components/Guarded';
import { PageHead } from '../../components/PageHead';
import { OfflineBanner } from '../../components/OfflineBanner';
import { LoadError, LoadingState } from '../../components/QueryStates';
import { BarList, LineChart, StackedBars } from './charts';
import { DashboardQuery, type DashboardData } from './dashboard.graphql';
import { formatTileMoney } from './tileMoney';
import './dashboard.css';

export const PRESETS = [7, 30, 90] as const;

/** YYYY-MM-DD of a local date. */
const isoDay = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
/** Local midnight of a YYYY-MM-DD. */
const midnight = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
};
const addDays = (day: string, days: number) => {
  const date = midnight(day);
  date.setDate(date.getDate() + days);
  return isoDay(date);
};

/** Every day of [from, to] (inclusive), so days without orders show as gaps, not as missing bars. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length < 400; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The manager dashboard (route /dashboard, managers and admins): orders per day by channel,
 * shipping on time, late risk and open problems now, returns, the rating trend and top products,
 * for the last 7/30/90 days or dates picked — one `dashboard` query, figures from the database.
 */
export default function DashboardPage() {
  const { t, tn, number, money, locale } = useI18n();
  const today = isoDay(new Date());
  const [range, setRange] = createSignal({ from: addDays(today, -(30 - 1)), to: today });
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const variables = createMemo(() => ({
    range: { from: midnight(range().from).toISOString(), to: midnight(addDays(range().to, 1)).toISOString() },
    timeZone,
  }));
  const [result, reexecute] = createQuery({ query: DashboardQuery, variables, requestPolicy: 'cache-and-network' });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const preset = () => PRESETS.find((days) => range().to === today && range().from === addDays(today, -(days - 1)));
  const pick = (field: 'from' | 'to', value: string) => {
    const next = { ...range(), [field]: value };
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && next.from <= next.to && daysBetween(next.from, next.to).length <= 366) setRange(next);
  };

  const percent = (value: number | null | undefined) =>
    value == null ? t('dashboard.noValue') : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(value);
  const dayLabel = (day: string) => new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short' }).format(midnight(day));

  return (
    <Guarded permission="dashboard:read" data-testid="dashboard-forbidden">
      <section class="page dashboard" data-testid="dashboard-page">
        <PageHead title={t('dashboard.title')} subtitle={t('dashboard.subtitle')} />
        <div class="dashboard__range">
          <div class="segmented" role="group" aria-label={t('dashboard.period')}>
            <For each={PRESETS}>
              {(days) => (
                <button
                  type="button"
                  class="segmented__item"
                  aria-pressed={preset() === days}
                  aria-label={tn('dashboard.lastDays', days)}
                  data-testid="dashboard-preset"
                  data-days={days}
                  onClick={() => setRange({ from: addDays(today, -(days - 1)), to: today })}
                >
                  {t('dashboard.presetDays', { count: days })}
                </button>
              )}
            </For>
          </div>
          <label class="dashboard__date">
            <span>{t('dashboard.from')}</span>
            <input type="date" value={range().from} max={range().to} data-testid="dashboard-from" onChange={(e) => pick('from', e.currentTarget.value)} />
          </label>
          <label class="dashboard__date">
            <span>{t('dashboard.to')}</span>
            <input type="date" value={range().to} min={range().from} max={today} data-testid="dashboard-to" onChange={(e) => pick('to', e.currentTarget.value)} />
          </label>
        </div>
        <OfflineBanner result={result} onRetry={refresh} />
        <Show
          when={result.data?.dashboard}
          fallback={
            <Show when={result.error} fallback={<LoadingState data-testid="dashboard-loading" />}>
              {(error) => <LoadError title={t('dashboard.error')} error={error()} onRetry={refresh} data-testid="dashboard-error" />}
            </Show>
          }
        >
          {(d) => <Figures data={d()} range={range()} percent={percent} dayLabel={dayLabel} />}
        </Show>
      </section>
    </Guarded>
  );

  function Figures(props: {
    data: DashboardData;
    range: { from: string; to: string };
    percent: (v: number | null | undefined) => string;
    dayLabel: (day: string) => string;
  }) {
    const days = () => daysBetween(props.range.from, props.range.to);
    const series = () => {
      const channels = [...new Set(props.data.ordersPerDay.map((p) => p.channel))].sort();
      const index = new Map(days().map((day, i) => [day, i]));
      return channels.map((channel) => {
        const values = days().map(() => 0);
        for (const p of props.data.ordersPerDay) if (p.channel === channel && index.has(p.day)) values[index.get(p.day)!] = p.orders;
        return { key: channel, label: channelLabel(channel), values };
      });
    };
    // Short on the tile (one line at 360 px); the exact amounts for screen readers and on hover.
    const revenue = () => props.data.revenue.map((m) => formatTileMoney(m, locale())).join(' · ') || t('dashboard.noValue');
    const revenueExact = () => props.data.revenue.map((m) => money(m)).join(' · ') || undefined;
    const rating = () => props.data.ratingTrend.map((p) => ({ period: p.period, value: p.averageRating }));
    const ratingSpan = () => {
      const values = rating().map((p) => p.value);
      return { min: Math.min(...values).toFixed(1), max: Math.max(...values).toFixed(1) };
    };
    const reviews = () => props.data.ratingTrend.reduce((n, p) => n + p.reviews, 0);
    const units = (count: number) => tn('dashboard.units', count);

    return (
      <div class="dashboard__body">
        <div class="dashboard__tiles" data-testid="dashboard-tiles">
          <Tile testid="dashboard-orders" value={number(props.data.orders)} label={t('dashboard.orders')} />
          <Tile testid="dashboard-revenue" value={revenue()} exact={revenueExact()} label={t('dashboard.revenue')} small />
          <Tile testid="dashboard-on-time" value={props.percent(props.data.onTimeRate)} label={t('dashboard.onTime')} />
          <Tile testid="dashboard-late-risk" value={number(props.data.lateRiskNow)} label={t('dashboard.lateRisk')} alert={props.data.lateRiskNow > 0} />
          <Tile testid="dashboard-exceptions" value={number(props.data.openExceptions)} label={t('dashboard.openExceptions')} alert={props.data.openExceptions > 0} />
          <Tile testid="dashboard-return-rate" value={props.percent(props.data.returns.returnRate)} label={t('dashboard.returnRate')} />
        </div>

        <section class="card dashboard__panel" aria-labelledby="dash-orders">
          <h2 id="dash-orders">{t('dashboard.ordersPerDay')}</h2>
          <Show when={props.data.ordersPerDay.length} fallback={<p class="dashboard__empty">{t('dashboard.noOrders')}</p>}>
            <StackedBars
              periods={days()}
              series={series()}
              periodLabel={props.dayLabel}
              format={number}
              label={tn(
                'dashboard.ordersChart',
                props.data.ordersPerDay.reduce((n, p) => n + p.orders, 0),
                {
                  from: props.dayLabel(props.range.from),
                  to: props.dayLabel(props.range.to),
                },
              )}
            />
          </Show>
        </section>

        <section class="card dashboard__panel" aria-labelledby="dash-rating">
          <h2 id="dash-rating">
            {t('dashboard.rating')} <small>{props.data.ratingTrendUnit === 'WEEK' ? t('dashboard.ratingWeekly') : t('dashboard.ratingDaily')}</small>
          </h2>
          <Show when={rating().length} fallback={<p class="dashboard__empty">{t('dashboard.noReviews')}</p>}>
            <LineChart
              points={rating()}
              min={1}
              max={5}
              periodLabel={props.dayLabel}
              label={t('dashboard.ratingChart', { min: ratingSpan().min, max: ratingSpan().max, count: rating().length })}
            />
            <p class="dashboard__note">{tn('dashboard.reviews', reviews())}</p>
          </Show>
        </section>

        <Panel id="dash-sales" title={t('dashboard.topSales')} empty={!props.data.topProductsBySales.length}>
          <BarList
            testid="dashboard-top-sales"
            rows={props.data.topProductsBySales.map((p) => ({ key: `${p.productId}`, label: p.name, value: p.units, text: units(p.units) }))}
          />
        </Panel>
        <Panel id="dash-returned" title={t('dashboard.topReturns')} empty={!props.data.returns.topProducts.length}>
          <BarList
            testid="dashboard-top-returns"
            rows={props.data.returns.topProducts.map((p) => ({ key: p.sku, label: p.name, value: p.units, text: units(p.units) }))}
          />
        </Panel>
        <Panel id="dash-reasons" title={t('dashboard.returnReasons')} empty={!props.data.returns.topReasons.length}>
          <BarList
            testid="dashboard-return-reasons"
            rows={props.data.returns.topReasons.map((r) => ({ key: r.reason, label: t(`returnReason.${r.reason}`), value: r.units, text: units(r.units) }))}
          />
        </Panel>
        <Panel id="dash-promotions" title={t('dashboard.promotions')} empty={!props.data.promotions.length}>
          <BarList
            testid="dashboard-promotions"
            rows={props.data.promotions.map((p) => ({
              key: `${p.promotionId}-${p.discount.currency}`,
              label: p.name,
              value: p.discount.minorUnits,
              text: tn('dashboard.promotionResult', p.orders, { discount: money(p.discount) }),
            }))}
          />
        </Panel>
      </div>
    );
  }

  function Panel(props: { id: string; title: string; empty: boolean; children: JSX.Element }) {
    return (
      <section class="card dashboard__panel" aria-labelledby={props.id}>
        <h2 id={props.id}>{props.title}</h2>
        <Show when={!props.empty} fallback={<p class="dashboard__empty">{t('dashboard.nothing')}</p>}>
          {props.children}
        </Show>
      </section>
    );
  }

  function channelLabel(channel: string) {
    return channel === 'ozon' ? t('channel.ozon') : channel === 'manual' ? t('channel.manual') : channel;
  }
}

/** A big number and its label; `exact`: the full figure when `value` is shortened (read out, and on hover). */
function Tile(props: { testid: string; value: string; exact?: string; label: string; alert?: boolean; small?: boolean }) {
  return (
    <div class="dashboard__tile" classList={{ 'dashboard__tile--alert': props.alert, 'dashboard__tile--small': props.small }} data-testid={props.testid}>
      <Show when={props.exact && props.exact !== props.value} fallback={<span class="dashboard__value">{props.value}</span>}>
        <span class="dashboard__value" title={props.exact} data-exact={props.exact}>
          <span aria-hidden="true">{props.value}</span>
          <span class="visually-hidden">{props.exact}</span>
        </span>
      </Show>
      <span class="dashboard__label">{props.label}</span>
    </div>
  );
}
