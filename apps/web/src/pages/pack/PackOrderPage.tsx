import { createMemo, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import type { DocumentInput } from '@urql/core';
import { useI18n, type TextKey } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { DocumentPanel } from '../../components/DocumentPanel';
import { Outcome } from '../../components/Outcome';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { QueryPage } from '../../components/QueryPage';
import { StateMessage } from '../../components/StateMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { Stepper } from '../../components/Stepper';
import { useUserErrorText } from '../../components/UserErrors';
import { createLiveRefetch } from '../../graphql/live';
import { isShown, OrderChangedSubscription } from '../../graphql/subscriptions';
import type { PrintableDocument } from '../../lib/documents';
import { scanFeedback } from '../../lib/feedback';
import { productMatches } from '../../lib/scan';
import { labelFormat, lastCarrier, packingSlipLocale, rememberCarrier } from '../../lib/settings';
import { newIdempotencyKey } from '../../offline/ids';
import { useOutbox, type SubmitOutcome } from '../../offline/outbox';
import { CloseParcelForm, type CloseInput } from './CloseParcelForm';
import {
  CloseParcelMutation,
  OpenParcelMutation,
  PackingSlipQuery,
  PackOrderQuery,
  PrintLabelMutation,
  ReopenParcelMutation,
  ScanPackMutation,
  UnpackItemMutation,
  UploadParcelPhotoMutation,
  type Carrier,
  type LabelPayload,
  type PackLine,
  type PackOrder,
  type PackParcel,
} from './pack.graphql';

type ParcelOp = 'openParcel' | 'unpackItem' | 'closeParcel' | 'reopenParcel' | 'uploadParcelPhoto' | 'printLabel';

const DOCUMENTS: Record<ParcelOp, DocumentInput> = {
  openParcel: OpenParcelMutation,
  unpackItem: UnpackItemMutation,
  closeParcel: CloseParcelMutation,
  reopenParcel: ReopenParcelMutation,
  uploadParcelPhoto: UploadParcelPhotoMutation,
  printLabel: PrintLabelMutation,
};

const DONE: Record<ParcelOp, TextKey> = {
  openParcel: 'pack.done.openParcel',
  unpackItem: 'pack.done.unpackItem',
  closeParcel: 'pack.done.closeParcel',
  reopenParcel: 'pack.done.reopenParcel',
  uploadParcelPhoto: 'pack.done.uploadParcelPhoto',
  printLabel: 'pack.done.printLabel',
};

interface Attempt {
  op: ParcelOp;
  variables: Record<string, unknown>;
  label: string;
  outcome?: SubmitOutcome;
}

/** Units of a line still wanted (cancelled ones excluded). */
const lineUnits = (line: PackLine) => line.quantity - line.quantityCancelled;

/**
 * Pack mode for one order (route /pack/:orderId): the lines (picked / packed), scan items into the
 * current parcel (the quantity stepper covers multiples), choose the box, start another parcel
 * (split), take units out again, weigh (g or kg) with optional dimensions, photograph the parcel,
 * close it, and print its label (PDF or ZPL, as set in Settings) and the packing slip. Scans and
 * every other change go through the outbox; scans count at once (pending).
 */
export default function PackOrderPage() {
  const { t, number } = useI18n();
  const params = useParams<{ orderId: string }>();
  const orderId = () => decodeURIComponent(params.orderId);
  const client = useClient();
  const outbox = useOutbox();
  const viewer = useViewer();
  const errorText = useUserErrorText();
  const [result, reexecute] = createQuery({ query: PackOrderQuery, variables: () => ({ id: orderId() }), requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  createLiveRefetch(OrderChangedSubscription, () => ({ id: orderId() }), (message) => !isShown(message?.orderChanged.order, result.data?.order) && reload());

  const [quantity, setQuantity] = createSignal(1);
  const [notice, setNotice] = createSignal<ScanNotice>();
  const [attempt, setAttempt] = createSignal<Attempt>();
  const [preset, setPreset] = createSignal<string>();
  const [photos, setPhotos] = createSignal<Record<string, string>>({});
  const [label, setLabel] = createSignal<{ parcel: string; document: PrintableDocument }>();
  const [slip, setSlip] = createSignal<{ document?: PrintableDocument; error?: boolean; loading?: boolean }>();
  const [submitted, setSubmitted] = createSignal<{ key: string; lineId: string; quantity: number }[]>([]);
  const waiting = new Set<string>();
  const forget = (key: string) => setSubmitted((list) => list.filter((s) => s.key !== key));

  const order = () => result.data?.order ?? null;
  const mine = (i: { meta?: Record<string, unknown> }) => i.meta?.orderId === orderId();
  const pendingItems = () => outbox.items().filter((i) => i.status === 'pending' && mine(i));

  const stopListening = outbox.onResult(({ item, kind, userErrors }) => {
    if (!mine(item)) return;
    forget(item.key);
    if (kind === 'conflict' && !waiting.has(item.key)) {
      setNotice({ kind: 'error', text: t('pick.queuedRefused'), code: userErrors[0]?.code, detail: userErrors.map(errorText).join(' ') });
      scanFeedback('error');
    }
  });
  onCleanup(() => {
    stopListening();
    for (const key of waiting) outbox.detach(key);
    for (const url of Object.values(photos())) URL.revokeObjectURL(url);
  });

  /** Packed units per line: the API's count plus scans (minus unpacks) not answered yet. */
  const packed = createMemo<Record<string, { packed: number; pending: number }>>(() => {
    const data = order();
    if (!data) return {};
    const stored = new Set(outbox.items().map((i) => i.key));
    const early = submitted().filter((s) => !stored.has(s.key));
    const out: Record<string, { packed: number; pending: number }> = {};
    for (const line of data.lines) {
      const pending =
        pendingItems()
          .filter((i) => i.meta?.lineId === line.id && (i.op === 'scanPack' || i.op === 'unpackItem'))
          .reduce((sum, i) => sum + (i.op === 'unpackItem' ? -1 : 1) * Number(i.meta?.quantity ?? 0), 0) +
        early.filter((s) => s.lineId === line.id).reduce((sum, s) => sum + s.quantity, 0);
      out[line.id] = { packed: Math.max(0, line.quantityPacked + pending), pending };
    }
    return out;
  });
  const openParcels = () => (order()?.parcels ?? []).filter((p) => p.status === 'OPEN');
  const currentParcel = () => openParcels().at(-1);
  const pendingOpen = () => pendingItems().some((i) => i.op === 'openParcel');
  const packable = () => order()?.status === 'PICKED';
  const allPacked = () => {
    const data = order();
    return !!data && data.lines.every((l) => (packed()[l.id]?.packed ?? 0) >= lineUnits(l));
  };

  const entity = () => ({ type: 'Order' as const, id: order()!.id, label: `#${order()!.number}` });

  const act = async (op: ParcelOp, variables: Record<string, unknown>, label: string, meta: Record<string, unknown> = {}) => {
    const data = order();
    if (!data) return;
    const next: Attempt = { op, variables: { ...variables, idempotencyKey: variables.idempotencyKey ?? newIdempotencyKey() }, label };
    setAttempt(next);
    const key = String(next.variables.idempotencyKey);
    waiting.add(key);
    const outcome = await outbox.submit({ op, query: DOCUMENTS[op], variables: next.variables, entity: entity(), meta: { orderId: data.id, ...meta } });
    waiting.delete(key);
    setAttempt({ ...next, outcome });
    if (op === 'printLabel' && outcome.kind === 'done' && outcome.userErrors.length === 0) {
      const payload = outcome.payload as LabelPayload | null;
      if (payload?.label) setLabel({ parcel: payload.parcel?.code ?? '', document: payload.label.document });
    }
    return outcome;
  };
  const retry = () => {
    const last = attempt();
    if (last) void act(last.op, last.variables, last.label);
  };

  const refuse = (code: string, text: string, detail?: string): ScanVerdict => {
    setNotice({ kind: 'error', text, code, detail });
    return 'error';
  };

  const onScan = (raw: string): ScanVerdict => {
    const data = order();
    if (!data) return 'error';
    const code = raw.trim();
    if (!packable()) return refuse('INVALID_TRANSITION', t('pack.notPackable'));
    const line = data.lines.find((l) => lineUnits(l) > 0 && productMatches(code, l.product));
    if (!line) return refuse('WRONG_ITEM', t('userError.WRONG_ITEM'), code);
    const units = quantity();
    const have = packed()[line.id]?.packed ?? 0;
    if (have + units > line.quantityPicked) {
      return refuse('OVER_PACK', t('userError.OVER_PACK'), t('pack.leftToPack', { count: number(Math.max(0, line.quantityPicked - have)) }));
    }
    const parcel = currentParcel();
    const key = newIdempotencyKey();
    waiting.add(key);
    setSubmitted((list) => [...list, { key, lineId: line.id, quantity: units }]);
    void outbox
      .submit({
        op: 'scanPack',
        query: ScanPackMutation,
        variables: { orderId: data.id, parcelId: pendingOpen() ? null : parcel?.id ?? null, code, quantity: units },
        idempotencyKey: key,
        entity: entity(),
        meta: { orderId: data.id, lineId: line.id, quantity: units },
      })
      .then((outcome) => {
        waiting.delete(key);
        forget(key);
        if (outcome.kind === 'done' && outcome.userErrors.length > 0) {
          setNotice({ kind: 'error', text: errorText(outcome.userErrors[0]), code: outcome.userErrors[0].code, detail: line.sku });
          scanFeedback('error');
          reload();
        } else if (outcome.kind === 'failed') {
          setNotice({ kind: 'error', text: t('detail.failed'), code: outcome.code });
          scanFeedback('error');
        }
      });
    setQuantity(1);
    setNotice({ kind: 'ok', text: `+${number(units)} ${line.name}`, detail: `${number(have + units)} / ${number(lineUnits(line))}` });
    return 'ok';
  };

  const openNewParcel = () => {
    const data = order();
    if (!data) return;
    void act('openParcel', { orderId: data.id, boxPresetCode: preset() ?? null }, t('pack.newParcel'));
  };
  const unpack = (parcel: PackParcel, line: { id: string; sku: string }) =>
    void act('unpackItem', { parcelId: parcel.id, code: line.sku, quantity: 1 }, `${parcel.code} − ${line.sku}`, { lineId: line.id, quantity: 1 });
  const close = (parcel: PackParcel, input: CloseInput) =>
    void act('closeParcel', { parcelId: parcel.id, weightGrams: input.weightGrams, lengthMm: input.lengthMm, widthMm: input.widthMm, heightMm: input.heightMm }, parcel.code);
  const reopen = (parcel: PackParcel) => void act('reopenParcel', { parcelId: parcel.id }, parcel.code);
  const photo = (parcel: PackParcel, file: File) => {
    setPhotos((all) => {
      if (all[parcel.id]) URL.revokeObjectURL(all[parcel.id]);
      return { ...all, [parcel.id]: URL.createObjectURL(file) };
    });
    void act('uploadParcelPhoto', { parcelId: parcel.id, photo: file }, parcel.code);
  };
  const printLabel = (parcel: PackParcel, carrierCode: string) => {
    const data = order();
    if (!data) return;
    rememberCarrier(data.channel, carrierCode);
    setLabel(undefined);
    void act('printLabel', { parcelId: parcel.id, format: labelFormat(), carrierCode }, parcel.code);
  };
  const packingSlip = async () => {
    const data = order();
    if (!data) return;
    setSlip({ loading: true });
    const answer = await client
      .query(PackingSlipQuery, { orderId: data.id, locale: packingSlipLocale() }, { requestPolicy: 'network-only', persist: false })
      .toPromise();
    setSlip(answer.data?.packingSlip ? { document: answer.data.packingSlip } : { error: true });
  };

  const defaultCarrier = (data: PackOrder, carriers: Carrier[], parcel: PackParcel) => {
    const remembered = lastCarrier(data.channel);
    return (
      parcel.carrier?.code ??
      (remembered && carriers.some((c) => c.code === remembered) ? remembered : undefined) ??
      carriers.find((c) => c.code === data.channel)?.code ??
      carriers[0]?.code ??
      ''
    );
  };

  return (
    <section class="page pack" data-testid="pack-page">
      <A href="/pack" class="back-link">
        ← {t('pack.title')}
      </A>
      <QueryPage
        permission="packing"
        forbiddenTestId="pack-forbidden"
        result={result}
        entity={order()}
        onRetry={reload}
        errorTitle={t('detail.error')}
        notFound={<StateMessage icon="?" title={t('detail.notFound')} data-testid="pack-not-found" />}
      >
        {(data) => (
          <>
            <header class="card pack-head" data-testid="pack-header" data-status={data().status}>
              <div class="detail-head__row">
                <h1 class="order-number order-number--big" data-testid="pack-order-number">
                  #{data().number}
                </h1>
                <span class="order-row__spacer" />
                <StatusBadge status={data().status} data-testid="pack-order-status" />
              </div>
              <Show when={data().externalId}>
                <p class="muted small mono">{data().externalId}</p>
              </Show>
            </header>

            <Lines order={data()} packed={packed()} />

            <Show when={packable()}>
              <BoxChooser
                presets={result.data?.boxPresets ?? []}
                selected={preset() ?? currentParcel()?.boxPreset?.code}
                onSelect={setPreset}
              />
              <Show when={!allPacked()}>
                <Stepper label={t('pick.quantity')} value={quantity()} onChange={setQuantity} min={1} max={50} data-testid="pack-quantity" />
              </Show>
              <ScanInput label={t('pack.scanLabel')} placeholder={t('pack.scanPlaceholder')} captureKeys onScan={onScan} data-testid="pack-scan" />
              <ScanMessage notice={notice()} />
              <p class="small muted" data-testid="pack-current-parcel">
                {currentParcel() ? t('pack.scanInto', { parcel: currentParcel()!.code }) : pendingOpen() ? t('pack.parcelOpening') : t('pack.firstScanOpens')}
              </p>
            </Show>

            {/* A printed label shows as the document itself (below), not as a second notice. */}
            <Show when={attempt() && !(attempt()!.op === 'printLabel' && label())}>
              <Outcome outcome={attempt()!.outcome} done={`${t(DONE[attempt()!.op])} ${attempt()!.label}`} onRetry={retry} onReload={reload} data-testid="pack-outcome" />
            </Show>
            <Show when={label()}>
              {(l) => <DocumentPanel title={t('pack.labelReady', { parcel: l().parcel })} document={l().document} autoOpen data-testid="label-document" />}
            </Show>

            <For each={data().parcels}>
              {(parcel) => (
                <ParcelCard
                  parcel={parcel}
                  order={data()}
                  current={parcel === currentParcel()}
                  carriers={result.data?.carriers ?? []}
                  presetDims={(result.data?.boxPresets ?? []).find((b) => b.code === (preset() ?? parcel.boxPreset?.code))}
                  photoUrl={photos()[parcel.id]}
                  photoPending={pendingItems().some((i) => i.op === 'uploadParcelPhoto' && i.variables.parcelId === parcel.id)}
                  canLabel={viewer.canAll('shipping', 'documents:print')}
                  defaultCarrier={defaultCarrier(data(), result.data?.carriers ?? [], parcel)}
                  onUnpack={(line) => unpack(parcel, line)}
                  onClose={(input) => close(parcel, input)}
                  onReopen={() => reopen(parcel)}
                  onPhoto={(file) => photo(parcel, file)}
                  onPrint={(carrier) => printLabel(parcel, carrier)}
                />
              )}
            </For>

            <div class="action-bar">
              <Show when={packable()}>
                <button type="button" class="button" data-testid="pack-new-parcel" onClick={openNewParcel}>
                  + {t('pack.newParcel')}
                </button>
              </Show>
              <Show when={viewer.can('documents:print')}>
                <button type="button" class="button" data-testid="pack-slip" disabled={slip()?.loading} onClick={() => void packingSlip()}>
                  {t('pack.packingSlip')}
                </button>
              </Show>
              <Show when={data().status === 'READY_TO_SHIP' && viewer.can('shipping')}>
                <A href="/handover" class="button" data-testid="pack-to-handover">
                  {t('floor.handover')}
                </A>
                <A href={`/ship/${encodeURIComponent(data().id)}`} class="button button--primary" data-testid="pack-to-ship">
                  {t('floor.ship')}
                </A>
              </Show>
            </div>
            <Show when={slip()}>
              {(s) => (
                <Switch>
                  <Match when={s().document}>{(doc) => <DocumentPanel title={t('pack.packingSlip')} document={doc()} autoOpen data-testid="slip-document" />}</Match>
                  <Match when={s().error}>
                    <p class="notice notice--error" role="alert">
                      {t('pack.slipFailed')}
                    </p>
                  </Match>
                </Switch>
              )}
            </Show>
          </>
        )}
      </QueryPage>
    </section>
  );
}

function Lines(props: { order: PackOrder; packed: Record<string, { packed: number; pending: number }> }) {
  const { t, number } = useI18n();
  return (
    <section class="card" aria-labelledby="pack-lines-title">
      <h2 id="pack-lines-title" class="card__title">
        {t('detail.lines')}
      </h2>
      <ul class="pack-lines" data-testid="pack-lines">
        <For each={props.order.lines.filter((l) => lineUnits(l) > 0)}>
          {(line) => {
            const done = () => (props.packed[line.id]?.packed ?? 0) >= lineUnits(line);
            return (
              <li class="pack-line" classList={{ 'pack-line--done': done() }} data-testid="pack-line" data-sku={line.sku} data-packed={props.packed[line.id]?.packed ?? 0}>
                <span class="pack-line__item">
                  <span class="pack-line__name">{line.name}</span>
                  <span class="mono small muted">{line.sku}</span>
                </span>
                <span class="pack-line__counts">
                  <span class="pack-line__packed" data-testid="pack-line-packed">
                    {done() ? '✓ ' : ''}
                    {number(props.packed[line.id]?.packed ?? 0)} / {number(lineUnits(line))}
                    <Show when={(props.packed[line.id]?.pending ?? 0) !== 0}>
                      <span title={t('pick.pendingScan')}> ⇅</span>
                    </Show>
                  </span>
                  <span class="small muted">{t('pack.pickedCount', { count: number(line.quantityPicked) })}</span>
                </span>
              </li>
            );
          }}
        </For>
      </ul>
    </section>
  );
}

function BoxChooser(props: { presets: { code: string; name: string; lengthMm: number; widthMm: number; heightMm: number }[]; selected: string | undefined; onSelect: (code: string) => void }) {
  const { t } = useI18n();
  return (
    <Show when={props.presets.length > 0}>
      <div class="field">
        <span class="field__label">{t('pack.box')}</span>
        <div class="box-chooser" role="radiogroup" aria-label={t('pack.box')} data-testid="box-presets">
          <For each={props.presets}>
            {(box) => (
              <button
                type="button"
                role="radio"
                class="box-chooser__item"
                aria-checked={props.selected === box.code}
                data-testid="box-preset"
                data-code={box.code}
                title={box.name}
                onClick={() => props.onSelect(box.code)}
              >
                <strong>{box.code}</strong>
                <span class="small">
                  {box.lengthMm / 10}×{box.widthMm / 10}×{box.heightMm / 10}
                </span>
              </button>
            )}
          </For>
        </div>
      </div>
    </Show>
  );
}

function ParcelCard(props: {
  parcel: PackParcel;
  order: PackOrder;
  current: boolean;
  carriers: Carrier[];
  presetDims: { lengthMm: number; widthMm: number; heightMm: number; tareGrams: number } | undefined;
  photoUrl: string | undefined;
  photoPending: boolean;
  canLabel: boolean;
  defaultCarrier: string;
  onUnpack: (line: { id: string; sku: string }) => void;
  onClose: (input: CloseInput) => void;
  onReopen: () => void;
  onPhoto: (file: File) => void;
  onPrint: (carrierCode: string) => void;
}) {
  const { t, number } = useI18n();
  const [carrier, setCarrier] = createSignal(props.defaultCarrier);
  const status = () => props.parcel.status;
  const labelled = () => status() !== 'OPEN' && status() !== 'PACKED';
  const facts = () =>
    [
      props.parcel.boxPreset ? `${t('pack.box')}: ${props.parcel.boxPreset.code}` : '',
      props.parcel.weightGrams ? `${number(props.parcel.weightGrams)} ${t('pack.grams')}` : '',
      props.parcel.hasPhoto && status() !== 'OPEN' ? t('pack.photoSaved') : '',
      props.parcel.carrier?.name ?? '',
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <article class="card parcel" classList={{ 'parcel--current': props.current }} data-testid="parcel" data-code={props.parcel.code} data-status={status()}>
      <div class="parcel__head">
        <h2 class="card__title mono" data-testid="parcel-code">
          {props.parcel.code}
        </h2>
        <span class="badge tone-work" data-testid="parcel-status">
          {t(`parcelStatus.${status()}`)}
        </span>
      </div>
      <Show when={facts()}>
        <p class="small muted" data-testid="parcel-facts">
          {facts()}
        </p>
      </Show>
      <Show when={props.parcel.items.length > 0} fallback={<p class="muted small">{t('pack.parcelEmpty')}</p>}>
        <ul class="parcel__items">
          <For each={props.parcel.items}>
            {(item) => (
              <li class="parcel__item" data-testid="parcel-item" data-sku={item.orderLine.sku}>
                <span class="mono">{item.orderLine.sku}</span>
                <strong>× {number(item.quantity)}</strong>
                <Show when={status() === 'OPEN'}>
                  <button type="button" class="button button--small" data-testid="parcel-unpack" aria-label={t('pack.unpackOne', { sku: item.orderLine.sku })} onClick={() => props.onUnpack(item.orderLine)}>
                    −1
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={status() === 'OPEN'}>
        <CloseParcelForm
          parcelId={props.parcel.id}
          empty={props.parcel.items.length === 0}
          dims={props.presetDims ?? (props.parcel.lengthMm ? { lengthMm: props.parcel.lengthMm, widthMm: props.parcel.widthMm ?? 0, heightMm: props.parcel.heightMm ?? 0, tareGrams: 0 } : undefined)}
          photoUrl={props.photoUrl}
          photoPending={props.photoPending}
          hasPhoto={props.parcel.hasPhoto}
          onPhoto={props.onPhoto}
          onClose={props.onClose}
        />
      </Show>
      <Show when={status() === 'PACKED' || status() === 'LABELLED'}>
        <Show when={props.photoUrl}>
          <img class="parcel__thumb" src={props.photoUrl} alt={t('pack.photo')} data-testid="parcel-photo-thumb" />
        </Show>
        <Show when={props.canLabel}>
          <div class="label-print">
            <label class="field">
              <span class="field__label">{t('pack.carrier')}</span>
              <select class="field__control" data-testid="label-carrier" value={carrier()} disabled={labelled() && !!props.parcel.carrier} onChange={(e) => setCarrier(e.currentTarget.value)}>
                <For each={props.carriers}>{(c) => <option value={c.code}>{c.name}</option>}</For>
              </select>
            </label>
            <button type="button" class="button button--primary button--wide button--tall" data-testid="label-print" disabled={!carrier()} onClick={() => props.onPrint(carrier())}>
              {labelled() ? t('pack.reprintLabel') : t('pack.printLabel')} ({labelFormat()})
            </button>
          </div>
        </Show>
        <Show when={status() === 'PACKED' && !labelled()}>
          <button type="button" class="button button--small" data-testid="parcel-reopen" onClick={() => props.onReopen()}>
            {t('pack.reopen')}
          </button>
        </Show>
      </Show>
    </article>
  );
}
