import { createSignal, onCleanup } from 'solid-js';
import { useI18n } from '../i18n';
import type { ScanVerdict } from '../components/ScanInput';
import type { ScanNotice } from '../components/ScanMessage';
import { useUserErrorText } from '../components/UserErrors';
import { newIdempotencyKey } from '../offline/ids';
import { useOutbox, type MutationSpec, type OutboxResult } from '../offline/outbox';
import { scanFeedback } from './feedback';

type Meta = Record<string, unknown>;

/**
 * The scan-then-send flow of the pick and pack screens. A scan is handed to the outbox with its own
 * idempotency key and counts at once (pending, also in the few ms before the outbox stored it);
 * the answer comes later: a refusal is said in words (red, low beep) and the screen reloads; a
 * queued scan refused when replayed later is announced too. `mine` picks this screen's items.
 */
export function createScanSession(options: { mine: (meta: Meta | undefined) => boolean; reload: () => void; onResult?: (result: OutboxResult) => void }) {
  const { t } = useI18n();
  const outbox = useOutbox();
  const errorText = useUserErrorText();
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
    if (result.kind === 'conflict' && !waiting.has(result.item.key)) {
      setNotice({ kind: 'error', text: t('pick.queuedRefused'), code: result.userErrors[0]?.code, detail: result.userErrors.map(errorText).join(' ') });
      scanFeedback('error');
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

  /** Sends one scan; `detail` names the item when the API refuses it. */
  const send = (spec: Omit<MutationSpec, 'idempotencyKey'> & { meta: Meta }, detail: string) => {
    const key = newIdempotencyKey();
    waiting.add(key);
    setSubmitted((list) => [...list, { key, meta: spec.meta }]);
    void outbox.submit({ ...spec, idempotencyKey: key }).then((outcome) => {
      waiting.delete(key);
      forget(key);
      if (outcome.kind === 'done' && outcome.userErrors.length > 0) {
        setNotice({ kind: 'error', text: errorText(outcome.userErrors[0]), code: outcome.userErrors[0].code, detail });
        scanFeedback('error');
        options.reload();
      } else if (outcome.kind === 'failed') {
        setNotice({ kind: 'error', text: t('detail.failed'), code: outcome.code });
        scanFeedback('error');
      }
    });
  };

  return { notice, setNotice, refuse, send, pendingItems, pendingUnits };
}
