import { useI18n } from '../i18n';
import { isOrderStatus, type OrderStatus } from '../graphql/types';

export type StatusTone = 'new' | 'hold' | 'work' | 'ready' | 'moving' | 'done' | 'muted' | 'alert';

/** Colour group of each status; the colours themselves are in styles.css (.tone-*). */
export const STATUS_TONE: Record<OrderStatus, StatusTone> = {
  NEW: 'new',
  CONFIRMED: 'new',
  ON_HOLD: 'hold',
  PICKING: 'work',
  PICKED: 'work',
  PACKED: 'work',
  READY_TO_SHIP: 'ready',
  SHIPPED: 'moving',
  IN_TRANSIT: 'moving',
  DELIVERED: 'done',
  COMPLETED: 'done',
  CANCELLED: 'muted',
  EXCEPTION: 'alert',
  RETURN_REQUESTED: 'hold',
  RETURNED: 'muted',
};

/** Translated status label; unknown values (a newer API) are shown raw rather than crashing. */
export function useStatusLabel() {
  const { t } = useI18n();
  return (status: string) => (isOrderStatus(status) ? t(`status.${status}`) : status || t('status.unknown'));
}

export function StatusBadge(props: { status: string; 'data-testid'?: string }) {
  const label = useStatusLabel();
  const tone = () => (isOrderStatus(props.status) ? STATUS_TONE[props.status] : 'muted');
  return (
    <span class={`badge tone-${tone()}`} data-testid={props['data-testid'] ?? 'status-badge'} data-status={props.status}>
      {label(props.status)}
    </span>
  );
}
