import { useI18n, type TextKey } from '../i18n';
import { useUserErrorText } from '../components/UserErrors';
import type { UserError } from '../graphql/types';
import type { OutboxItem } from './outboxStore';

/** A refused action in the worker's words: why, which order, and what to do with the goods now. */
export interface Refusal {
  reason: string;
  /** The next step for the goods in hand (scans): put them back, take them out. */
  next?: string;
  /** The order the action was about, when the device knows it. */
  orderNumber?: number;
}

type Described = Pick<OutboxItem, 'op' | 'variables'> & { meta?: Record<string, unknown> };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** "Only 2 more of X needed here" / "Order #5 needs only 2 more of X": the 2. */
function leftFromMessage(message: string): number | undefined {
  const match = /only (\d+) more/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

const PICK: Partial<Record<string, TextKey>> = {
  ALREADY_PICKED: 'refusal.scanPick.taken',
  WRONG_ITEM: 'refusal.scanPick.notOnList',
  INVALID_TRANSITION: 'refusal.scanPick.stopped',
  NOT_FOUND: 'refusal.scanPick.stopped',
};
const PACK: Partial<Record<string, TextKey>> = {
  WRONG_ITEM: 'refusal.scanPack.taken',
  OVER_PACK: 'refusal.scanPack.overPack',
  INVALID_TRANSITION: 'refusal.scanPack.stopped',
  NOT_FOUND: 'refusal.scanPack.stopped',
};

/**
 * The API's refusal of a queued (or just sent) action, mapped from its code to what happened on the
 * floor. A pick scan the device had matched to a task comes back ALREADY_PICKED when a colleague
 * picked those units meanwhile, WRONG_ITEM when the item left the list (at that bin: the error's
 * field is the bin); either way the units the worker holds go back to their bin. A pack scan refused
 * means units in the box that the order does not get: they come out again. Other actions get the
 * code's text.
 */
export function useRefusalText() {
  const { t, number } = useI18n();
  const errorText = useUserErrorText();
  return (item: Described, error: UserError): Refusal => {
    const meta = item.meta ?? {};
    const sku = text(meta.sku) ?? text(item.variables.code) ?? '';
    const count = number(Number(meta.quantity ?? item.variables.quantity ?? 1));
    const orderNumber = typeof meta.orderNumber === 'number' ? meta.orderNumber : undefined;
    if (item.op === 'scanPick') {
      const bin = text(meta.bin) ?? text(item.variables.locationCode);
      const left = leftFromMessage(error.message);
      let reason: string;
      if (error.code === 'WRONG_ITEM' && error.field?.includes('locationCode')) reason = t('refusal.scanPick.wrongBin', { sku, bin: bin ?? '' });
      else if (error.code === 'OVER_PICK') reason = t('refusal.scanPick.overPick', { sku, left: number(left ?? 0) });
      else reason = PICK[error.code] ? t(PICK[error.code]!, { sku }) : errorText(error);
      return { reason, orderNumber, next: bin ? t('refusal.next.putBack', { count, sku, bin }) : t('refusal.next.putBackNoBin', { count, sku }) };
    }
    if (item.op === 'scanPack') {
      const reason = PACK[error.code] ? t(PACK[error.code]!, { sku }) : errorText(error);
      const parcel = text(meta.parcel);
      return { reason, orderNumber, next: parcel ? t('refusal.next.takeOutOf', { count, sku, parcel }) : t('refusal.next.takeOut', { count, sku }) };
    }
    return { reason: error.code === 'SHORTAGE' ? `${t('userError.SHORTAGE')} ${error.message}` : errorText(error), orderNumber };
  };
}
