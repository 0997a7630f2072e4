import { createEffect, createSignal } from 'solid-js';
import { useI18n } from '../../i18n';
import type { ScanVerdict } from '../../components/ScanInput';
import type { ScanNotice } from '../../components/ScanMessage';
import { productMatches } from '../../lib/scan';
import { useOutbox } from '../../offline/outbox';
import { lineSku, type ReceiveLine, type ReceivePurchaseOrder } from './receive.graphql';

/** What has been counted on this device and not sent yet: kept across reloads (a long count is not lost). */
export interface ReceiveDraft {
  /** Units counted per PO line. */
  counts: Record<string, number>;
  /** Codes not on the PO and how many times each was counted. */
  unexpected: Record<string, number>;
  /** Lines whose over-receipt the worker confirmed. */
  overAllowed: string[];
}

const EMPTY: ReceiveDraft = { counts: {}, unexpected: {}, overAllowed: [] };
const draftKey = (purchaseOrderId: string) => `orderly.receive.${purchaseOrderId}`;

function loadDraft(purchaseOrderId: string): ReceiveDraft {
  try {
    const saved = JSON.parse(localStorage.getItem(draftKey(purchaseOrderId)) ?? 'null') as ReceiveDraft | null;
    return saved && typeof saved.counts === 'object' ? { ...EMPTY, ...saved } : EMPTY;
  } catch {
    return EMPTY;
  }
}

function saveDraft(purchaseOrderId: string, draft: ReceiveDraft) {
  try {
    const empty = !Object.keys(draft.counts).length && !Object.keys(draft.unexpected).length;
    if (empty) localStorage.removeItem(draftKey(purchaseOrderId));
    else localStorage.setItem(draftKey(purchaseOrderId), JSON.stringify(draft));
  } catch {
    // not kept: the count still works for this visit
  }
}

const add = (record: Record<string, number>, key: string, units: number) => {
  const next = { ...record, [key]: (record[key] ?? 0) + units };
  if (next[key] <= 0) delete next[key];
  return next;
};

/** A line matches a scan by its product's SKU or barcodes, or the supplier's SKU printed on the box. */
const lineMatches = (code: string, line: ReceiveLine) =>
  (!!line.product && productMatches(code, line.product)) || (!!line.supplierSku && line.supplierSku === code.trim());

/**
 * The count at the Receive station: each scan of a product on the PO adds the units per scan to its
 * line; going past what a line still expects asks first (confirmed: the receipt allows the
 * over-receipt); any other code is noted as an unexpected item. Receipts already queued in the
 * outbox (offline) count as received, so nobody counts the same goods twice.
 */
export function useReceiveCount(po: () => ReceivePurchaseOrder) {
  const { t, number } = useI18n();
  const outbox = useOutbox();
  // The counter is keyed by its PO (ReceiveOrderPage): one draft per visit.
  const id = po().id;
  const [draft, setDraft] = createSignal<ReceiveDraft>(loadDraft(id));
  createEffect(() => saveDraft(id, draft()));
  const [perScan, setPerScan] = createSignal(1);
  const [notice, setNotice] = createSignal<ScanNotice>();
  /** A scan past what its line still expects, waiting for the worker's yes or no. */
  const [overAsk, setOverAsk] = createSignal<{ line: ReceiveLine; units: number }>();

  /** Units of a line in receipts still waiting in the outbox. */
  const queued = (lineId: string) =>
    outbox
      .items()
      .filter((i) => i.status === 'pending' && i.op === 'receivePurchaseOrderItems' && i.variables.purchaseOrderId === id)
      .flatMap((i) => (i.variables.items as { lineId: string; quantity: number }[]) ?? [])
      .filter((item) => item.lineId === lineId)
      .reduce((sum, item) => sum + item.quantity, 0);
  const counted = (lineId: string) => draft().counts[lineId] ?? 0;
  /** Still expected on a line once what is queued has gone through. */
  const left = (line: ReceiveLine) => Math.max(0, line.remainingQuantity - queued(line.id));
  const totalCounted = () => Object.values(draft().counts).reduce((a, b) => a + b, 0);
  const unexpectedCount = () => Object.values(draft().unexpected).reduce((a, b) => a + b, 0);
  const isOver = (line: ReceiveLine) => counted(line.id) > left(line);

  const count = (line: ReceiveLine, units: number) => {
    setDraft((d) => ({ ...d, counts: add(d.counts, line.id, units) }));
    setNotice({ kind: 'ok', text: t('receive.counted', { sku: lineSku(line), count: number(counted(line.id)) }), detail: line.product?.name });
  };

  const onScan = (raw: string): ScanVerdict => {
    const code = raw.trim();
    const units = perScan();
    setOverAsk(undefined);
    const matching = po().lines.filter((line) => lineMatches(code, line));
    if (!matching.length) {
      setDraft((d) => ({ ...d, unexpected: add(d.unexpected, code, units) }));
      setNotice({ kind: 'error', code: 'UNEXPECTED_ITEM', text: t('receive.unexpected', { code }), next: t('receive.unexpectedAside') });
      return 'error';
    }
    const line = matching.find((l) => counted(l.id) + units <= left(l)) ?? matching[0];
    if (counted(line.id) + units > left(line) && !draft().overAllowed.includes(line.id)) {
      setOverAsk({ line, units });
      setNotice({
        kind: 'error',
        code: 'OVER_RECEIPT',
        text: t('receive.overWarn', { sku: lineSku(line), left: number(Math.max(0, left(line) - counted(line.id))) }),
      });
      return 'error';
    }
    count(line, units);
    return 'ok';
  };

  /** The worker takes the units past the order anyway: they count, and so do later ones of that line. */
  const confirmOver = () => {
    const asked = overAsk();
    if (!asked) return;
    setOverAsk(undefined);
    setDraft((d) => ({ ...d, overAllowed: [...new Set([...d.overAllowed, asked.line.id])] }));
    count(asked.line, asked.units);
  };

  return {
    draft,
    perScan,
    setPerScan,
    notice,
    setNotice,
    overAsk,
    confirmOver,
    cancelOver: () => setOverAsk(undefined),
    onScan,
    counted,
    queued,
    left,
    isOver,
    totalCounted,
    unexpectedCount,
    takeOne: (lineId: string) => setDraft((d) => ({ ...d, counts: add(d.counts, lineId, -1) })),
    takeOneUnexpected: (code: string) => setDraft((d) => ({ ...d, unexpected: add(d.unexpected, code, -1) })),
    /** Sent (or queued): the next delivery starts from zero. */
    clear: () => setDraft(EMPTY),
    /** The receipt's variables (without the idempotency key, added once per submit). */
    variables: (locationCode: string) => {
      const d = draft();
      const over = po().lines.some((line) => isOver(line));
      return {
        purchaseOrderId: id,
        locationCode,
        items: Object.entries(d.counts).map(([lineId, quantity]) => ({ lineId, quantity })),
        unexpectedItems: Object.entries(d.unexpected).map(([code, quantity]) => ({ code, quantity })),
        allowOverReceipt: over,
      };
    },
  };
}
export type ReceiveCount = ReturnType<typeof useReceiveCount>;
