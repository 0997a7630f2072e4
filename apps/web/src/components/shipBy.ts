import { useI18n } from '../i18n';

/**
 * The ship-by deadline as a sentence: "Ship within 6 hours", "Overdue by 1 hour", or, for an
 * order that has left (its deadline is history), "Ship-by was 5 days ago". Label and time apart,
 * so that screens can set the time in bold.
 */
export function useShipByText() {
  const { t, duration, relativeTime } = useI18n();
  return (shipBy: string, now: Date, overdue: boolean): { label: string; time: string } => {
    if (overdue) return { label: t('order.overdueBy'), time: duration(shipBy, now) };
    if (new Date(shipBy).getTime() >= now.getTime()) return { label: t('order.shipWithin'), time: duration(shipBy, now) };
    return { label: t('order.shipByWas'), time: relativeTime(shipBy, now) };
  };
}
