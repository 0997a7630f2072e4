import { Match, Switch } from 'solid-js';
import type { CancelReason, HoldReason } from '../../graphql/types';
import { CancelLineSheet, CancelSheet, HoldSheet } from './ActionSheets';
import type { OrderDetail, OrderDetailLine } from './orderDetail.graphql';
import type { OrderOp } from './OrderOutcome';

export type OrderSheetState = { kind: 'hold' } | { kind: 'cancel' } | { kind: 'line'; line: OrderDetailLine };

/** The open action sheet (hold, cancel the order, cancel units of a line): what it sends. */
export function OrderSheet(props: { sheet: OrderSheetState; order: OrderDetail; onClose: () => void; onAct: (op: OrderOp, extra: Record<string, unknown>) => void }) {
  const line = () => (props.sheet.kind === 'line' ? props.sheet.line : undefined);
  return (
    <Switch>
      <Match when={props.sheet.kind === 'hold'}>
        <HoldSheet onClose={props.onClose} onSubmit={(reason: HoldReason, note) => props.onAct('placeHold', { reason, note: note || null })} />
      </Match>
      <Match when={props.sheet.kind === 'cancel'}>
        <CancelSheet
          orderLabel={`#${props.order.number}`}
          onClose={props.onClose}
          onSubmit={(reason: CancelReason, note) => props.onAct('cancelOrder', { reason, note: note || null })}
        />
      </Match>
      <Match when={line()}>
        {(line) => (
          <CancelLineSheet
            line={line()}
            onClose={props.onClose}
            onSubmit={(quantity, reason, note) => props.onAct('cancelOrderLines', { lines: [{ lineId: line().id, quantity }], reason, note: note || null })}
          />
        )}
      </Match>
    </Switch>
  );
}
