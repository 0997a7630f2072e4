import { createSignal, onCleanup } from 'solid-js';
import { useI18n } from '../i18n';
import type { ScanVerdict } from '../components/ScanInput';
import type { ScanNotice } from '../components/ScanMessage';
import { useRefusalText } from '../offline/conflicts';
import { newIdempotencyKey } from '../offline/ids';
import { useOutbox, type MutationSpec, type OutboxResult } from '../offline/outbox';
import { scanFeedback } from './feedback';

type Meta = Record<string, unknown>;

/**
 * The scan-then-send flow of the pick and pack screens. A scan is handed to the outbox with its own
 * idempotency key and counts at once (pending, also in the few ms before the outbox stored it);
 * the answer comes later: a refusal is said in words (red, low beep) and the screen reloads; a
 * queued scan refused when replayed later is announced too — with the real reason, the order and
 * what to do with the goods (offline/conflicts.ts). `mine` picks this screen's items.
 */
export function createScanSession(options: { mine: (meta: Meta | undefined) => boolean; reload: () => void; onResult?: (result: OutboxResult) => void }) {
  const { t } = useI18n();
  const outbox = useOutbox();
  const refusal = useRefusalText();
  const [notice, setNotice] = createSignal<ScanNotice>();
  /** Scans handed to the outbox but not stored yet. */
  const [submitted, setSubmitted] = createSignal<{ key: string; meta: Meta }[]>([]);
  const waiting = new Set<string>();
  const forget = (key: string) => setSubmitted((list) => list.filter((s) => s.key !== key));

  const pendingItems = () => outbox.items().filter((i) => i.status === 'pending' && options.mine(i.meta));

  const stopListening = outbox.onResult((result) => {
    if (!options.mine(result.item.meta)) return;
    forget(result.item.key);
    options.onResult?.(result);
    if (result.kind === 'conflict' && !waiting.has(result.item.key) && result.userErrors[0]) {
      const why = refusal(result.item, result.userErrors[0]);
      setNotice({
        kind: 'error',
        text: `${t('pick.queuedRefused')} ${why.reason}`,
        code: result.userErrors[0].code,
        detail: why.orderNumber ? t('order.number', { number: why.orderNumber }) : undefined,
        next: why.next,
      });
      scanFeedback('error');
      // Someone else changed the list meanwhile: show it as it is now.
      options.reload();
    }
  });
  onCleanup(() => {
    stopListening();
    // Scans still on their way: a refusal now goes to "needs attention" (nobody is looking here).
    for (const key of waiting) outbox.detach(key);
  });

  /**
   * Units not confirmed yet for one line / task (`field` of the items' meta is `id`): queued items
   * counted by `signs` per operation (+1 a scan, −1 an unpack) and scans not stored yet.
   */
  const pendingUnits = (field: string, id: string, signs: Record<string, number>) => {
    const stored = new Set(outbox.items().map((i) => i.key));
    const queued = pendingItems()
      .filter((i) => i.meta?.[field] === id && signs[i.op])
      .reduce((sum, i) => sum + signs[i.op] * Number(i.meta?.quantity ?? 0), 0);
    const early = submitted()
      .filter((s) => !stored.has(s.key) && s.meta[field] === id)
      .reduce((sum, s) => sum + Number(s.meta.quantity ?? 0), 0);
    return queued + early;
  };

  const refuse = (code: string, text: string, detail?: string): ScanVerdict => {
    setNotice({ kind: 'error', text, code, detail });
    return 'error';
  };

  /** Sends one scan; `detail` names the item when the API refuses it (with the next step for the goods). */
  const send = (spec: Omit<MutationSpec, 'idempotencyKey'> & { meta: Meta }, detail: string) => {
    const key = newIdempotencyKey();
    waiting.add(key);
    setSubmitted((list) => [...list, { key, meta: spec.meta }]);
    void outbox.submit({ ...spec, idempotencyKey: key }).then((outcome) => {
      waiting.delete(key);
      forget(key);
      if (outcome.kind === 'done' && outcome.userErrors.length > 0) {
        const why = refusal(spec, outcome.userErrors[0]);
        setNotice({ kind: 'error', text: why.reason, code: outcome.userErrors[0].code, detail, next: why.next });
        scanFeedback('error');
        options.reload();
      } else if (outcome.kind === 'failed') {
        setNotice({ kind: 'error', text: t('detail.failed'), code: outcome.code });
        scanFeedback('error');
      }
    });
  };

  /** The scanner sent the same code twice at once (ScanInput dropped the second): say so. */
  const repeated = (code: string) => setNotice({ kind: 'info', text: t('scan.repeatDropped'), detail: code, code: 'REPEAT' });

  return { notice, setNotice, refuse, send, pendingItems, pendingUnits, repeated };
}
