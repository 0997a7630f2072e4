import { createMemo, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { ORDER_STATUSES, isOpenStatus, type OrderStatus } from '../../graphql/types';
import { STATUS_TONE, useStatusLabel } from '../../components/StatusBadge';
import { TRANSIT_STATUSES } from './orderQueue.graphql';

export interface StatusCount {
  status: OrderStatus;
  count: number;
}

/** The chip selected: open work (default), everything, shipped orders on their way (with tracking), or one status. */
export type StatusSelection = 'OPEN' | 'ALL' | 'TRANSIT' | OrderStatus;

/**
 * Status chips with counts (from `orderStatusCounts`): "Open" (everything before shipping, the
 * default), "All", then every status that has orders (plus the selected one, even at 0), in
 * workflow order. Scrolls sideways on phones.
 */
export function StatusFilter(props: {
  counts: readonly StatusCount[] | undefined;
  selected: StatusSelection;
  onSelect: (status: StatusSelection) => void;
  /** Offer the "on the way" view (for those who may read tracking). */
  transit?: boolean;
}) {
  const { t, number } = useI18n();
  const statusLabel = useStatusLabel();
  const countOf = createMemo(() => new Map(props.counts?.map((c) => [c.status, c.count])));
  const total = () => props.counts?.reduce((sum, c) => sum + c.count, 0);
  const open = () => props.counts?.reduce((sum, c) => sum + (isOpenStatus(c.status) ? c.count : 0), 0);
  const onTheWay = () => props.counts?.reduce((sum, c) => sum + ((TRANSIT_STATUSES as readonly string[]).includes(c.status) ? c.count : 0), 0);
  const visible = createMemo(() => ORDER_STATUSES.filter((s) => (countOf().get(s) ?? 0) > 0 || s === props.selected));

  const Chip = (chip: { status: StatusSelection; label: string; count: number | undefined; tone?: string }) => {
    const pressed = () => props.selected === chip.status;
    return (
      <button
        type="button"
        class={`chip${chip.tone ? ` chip--${chip.tone}` : ''}`}
        aria-pressed={pressed()}
        data-testid="status-chip"
        data-status={chip.status}
        onClick={() => props.onSelect(chip.status)}
      >
        {/* The name is the visible text ("Confirmed 12"): what voice control users say. */}
        <span class="chip__label">{chip.label}</span>{' '}
        <Show when={chip.count !== undefined}>
          <span class="chip__count" data-testid="status-chip-count">
            {number(chip.count ?? 0)}
          </span>
        </Show>
      </button>
    );
  };

  return (
    <div class="chips" role="group" aria-label={t('queue.filter.label')} data-testid="status-filter">
      <Chip status="OPEN" label={t('queue.filter.open')} count={open()} />
      <Chip status="ALL" label={t('queue.filter.all')} count={total()} />
      <Show when={props.transit}>
        <Chip status="TRANSIT" label={t('queue.filter.transit')} count={onTheWay()} />
      </Show>
      <For each={visible()}>
        {(status) => <Chip status={status} label={statusLabel(status)} count={countOf().get(status) ?? (props.counts ? 0 : undefined)} tone={STATUS_TONE[status]} />}
      </For>
    </div>
  );
}
