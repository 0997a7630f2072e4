import { Show } from 'solid-js';
import { StatusBadge } from './StatusBadge';

/**
 * The order a floor station works on: its number (big), status and the marketplace's own id.
 * Test ids: `<part>-header`, `<part>-order-number`, `<part>-order-status`.
 */
export function FloorOrderHead(props: { order: { number: number; status: string; externalId?: string | null }; part: string }) {
  return (
    <header class="card pack-head" data-testid={`${props.part}-header`} data-status={props.order.status}>
      <div class="detail-head__row">
        <h1 class="order-number order-number--big" data-testid={`${props.part}-order-number`}>
          #{props.order.number}
        </h1>
        <span class="order-row__spacer" />
        <StatusBadge status={props.order.status} data-testid={`${props.part}-order-status`} />
      </div>
      <Show when={props.order.externalId}>
        <p class="muted small mono">{props.order.externalId}</p>
      </Show>
    </header>
  );
}
