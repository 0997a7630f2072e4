import { createMemo, createSignal, onCleanup } from 'solid-js';
import { createQuery } from '@urql/solid';
import type { DocumentInput } from '@urql/core';
import { useI18n, type TextKey } from '../../i18n';
import type { ScanVerdict } from '../../components/ScanInput';
import { createLiveRefetch } from '../../graphql/live';
import { isShown, OrderChangedSubscription } from '../../graphql/subscriptions';
import type { PrintableDocument } from '../../lib/documents';
import { appliedPayload, createOutboxAction, type Attempt } from '../../lib/outboxAction';
import { createScanSession } from '../../lib/scanSession';
import { productMatches } from '../../lib/scan';
import { labelFormat, rememberCarrier } from '../../lib/settings';
import { useStationPrinter } from '../../lib/printers';
import { useViewer } from '../../auth/viewer';
import { useOutbox } from '../../offline/outbox';
import type { DetailsInput, MarkingResult } from './MarkingCodes';
import type { CloseInput } from './CloseParcelForm';
import {
  CloseParcelMutation,
  OpenParcelMutation,
  PackOrderQuery,
  PrintLabelMutation,
  RemoveMarkingCodeMutation,
  ScanMarkingCodeMutation,
  SetMarketplaceProductDetailsMutation,
  ReopenParcelMutation,
  ScanPackMutation,
  UnpackItemMutation,
  UploadParcelPhotoMutation,
  type LabelPayload,
  type PackLine,
  type PackParcel,
} from './pack.graphql';

export type ParcelOp = 'openParcel' | 'unpackItem' | 'closeParcel' | 'reopenParcel' | 'uploadParcelPhoto' | 'printLabel';

const DOCUMENTS: Record<ParcelOp, DocumentInput> = {
  openParcel: OpenParcelMutation,
  unpackItem: UnpackItemMutation,
  closeParcel: CloseParcelMutation,
  reopenParcel: ReopenParcelMutation,
  uploadParcelPhoto: UploadParcelPhotoMutation,
  printLabel: PrintLabelMutation,
};

export const PARCEL_DONE: Record<ParcelOp, TextKey> = {
  openParcel: 'pack.done.openParcel',
  unpackItem: 'pack.done.unpackItem',
  closeParcel: 'pack.done.closeParcel',
  reopenParcel: 'pack.done.reopenParcel',
  uploadParcelPhoto: 'pack.done.uploadParcelPhoto',
  printLabel: 'pack.done.printLabel',
};

/** A parcel action: `label` names what it was done to; `meta` marks units it takes out (unpack). */
export interface ParcelAttempt extends Attempt<ParcelOp> {
  label: string;
  meta?: Record<string, unknown>;
}

/** A GS1 DataMatrix marking code as a scanner types it (AIM prefix, FNC1, or 01 + GTIN-14 + 21 + more than a barcode holds). */
export const looksLikeMarkingCode = (raw: string) => raw.startsWith(']d2') || raw.startsWith('\u001d') || (/^01\d{14}21/.test(raw.trim()) && raw.trim().length > 30);

export type PackedCounts = Record<string, { packed: number; pending: number }>;

/** Units of a line still wanted (cancelled ones excluded). */
export const lineUnits = (line: PackLine) => line.quantity - line.quantityCancelled;

/**
 * One order's packing (the /pack/:orderId screen's state): the order, the packed units per line
 * (the API's count plus scans and unpacks not answered yet), the current parcel, scans and the
 * parcel actions (through the outbox), the parcel photos and the printed label.
 */
export function usePackSession(orderId: () => string) {
  const { t, number } = useI18n();
  const [result, reexecute] = createQuery({ query: PackOrderQuery, variables: () => ({ id: orderId() }), requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  createLiveRefetch(
    OrderChangedSubscription,
    () => ({ id: orderId() }),
    (message) => !isShown(message?.orderChanged.order, result.data?.order) && reload(),
  );

  const order = () => result.data?.order ?? null;
  const scans = createScanSession({ mine: (meta) => meta?.orderId === orderId(), reload });
  const [quantity, setQuantity] = createSignal(1);
  const [preset, setPreset] = createSignal<string>();
  const [photos, setPhotos] = createSignal<Record<string, string>>({});
  const [label, setLabel] = createSignal<{ parcel: string; document: PrintableDocument; printer: string | null }>();
  // Labels go to this device's packing printer when there is one (Settings → Printers), else open as a document.
  const viewer = useViewer();
  const printer = useStationPrinter('PACK', () => viewer.can('documents:print'));
  const [lastPrint, setLastPrint] = createSignal<{ parcel: PackParcel; carrierCode: string }>();
  onCleanup(() => {
    for (const url of Object.values(photos())) URL.revokeObjectURL(url);
  });

  const entity = () => ({ type: 'Order' as const, id: order()!.id, label: `#${order()!.number}` });
  const action = createOutboxAction<ParcelAttempt>((a) => ({ query: DOCUMENTS[a.op], entity: entity(), meta: { orderId: order()!.id, ...a.meta } }));
  const act = async (op: ParcelOp, variables: Record<string, unknown>, label: string, meta?: Record<string, unknown>) => {
    if (!order()) return;
    const outcome = await action.send({ op, variables, label, meta });
    const payload = op === 'printLabel' ? appliedPayload<LabelPayload>(outcome) : null;
    if (payload?.label?.document) setLabel({ parcel: payload.parcel?.code ?? '', document: payload.label.document, printer: payload.printer?.name ?? null });
  };
  /** The last action again: same variables, same key. */
  const retry = () => {
    const last = action.attempt();
    if (last) void act(last.op, last.variables, last.label, last.meta);
  };

  const packed = createMemo<PackedCounts>(() => {
    const out: PackedCounts = {};
    for (const line of order()?.lines ?? []) {
      const pending = scans.pendingUnits('lineId', line.id, { scanPack: 1, unpackItem: -1 });
      out[line.id] = { packed: Math.max(0, line.quantityPacked + pending), pending };
    }
    return out;
  });
  const currentParcel = () => (order()?.parcels ?? []).filter((p) => p.status === 'OPEN').at(-1);
  const pendingOpen = () => scans.pendingItems().some((i) => i.op === 'openParcel');
  const photoPending = (parcel: PackParcel) => scans.pendingItems().some((i) => i.op === 'uploadParcelPhoto' && i.variables.parcelId === parcel.id);
  const packable = () => order()?.status === 'PICKED';
  const allPacked = () => !!order() && order()!.lines.every((l) => (packed()[l.id]?.packed ?? 0) >= lineUnits(l));

  const onScan = (raw: string): ScanVerdict | Promise<ScanVerdict> => {
    const data = order();
    if (!data) return 'error';
    // A "Честный ЗНАК" DataMatrix scanned into the item field: it is the code of a unit (one scan field).
    if (looksLikeMarkingCode(raw) && data.marketplacePosting?.requirementStates.some((s) => s.code === 'MARKING_CODES')) return scanMark(raw);
    const code = raw.trim();
    if (!packable()) return scans.refuse('INVALID_TRANSITION', t('pack.notPackable'));
    const line = data.lines.find((l) => lineUnits(l) > 0 && !!l.product && productMatches(code, l.product));
    if (!line) return scans.refuse('WRONG_ITEM', t('userError.WRONG_ITEM'), code);
    const units = quantity();
    const have = packed()[line.id]?.packed ?? 0;
    if (have + units > line.quantityPicked) {
      return scans.refuse('OVER_PACK', t('userError.OVER_PACK'), t('pack.leftToPack', { count: number(Math.max(0, line.quantityPicked - have)) }));
    }
    const parcelId = pendingOpen() ? null : (currentParcel()?.id ?? null);
    // What a refusal replayed later needs to say what to do: the order, the parcel to take the units out of.
    const meta = {
      orderId: data.id,
      lineId: line.id,
      quantity: units,
      sku: line.sku,
      orderNumber: data.number,
      parcel: parcelId ? (currentParcel()?.code ?? null) : null,
    };
    scans.send({ op: 'scanPack', query: ScanPackMutation, variables: { orderId: data.id, parcelId, code, quantity: units }, entity: entity(), meta }, line.sku);
    setQuantity(1);
    scans.setNotice({ kind: 'ok', text: `+${number(units)} ${line.name}`, detail: `${number(have + units)} / ${number(lineUnits(line))}` });
    return 'ok';
  };

  const scanMark = async (raw: string): Promise<ScanVerdict> => {
    const result = await marking.scan(raw, null);
    if (result.kind !== 'refused') {
      scans.setNotice({ kind: 'ok', text: t('marking.saved') });
      return 'ok';
    }
    const known = ['INVALID_MARKING_CODE', 'DUPLICATE_MARKING_CODE', 'OVER_PACK', 'WRONG_ITEM', 'INVALID_INPUT'].includes(result.code);
    return scans.refuse(result.code, known ? t(`marking.error.${result.code}` as TextKey) : t('marking.error.other', { message: result.message }));
  };

  const parcels = {
    open: () => void act('openParcel', { orderId: order()?.id, boxPresetCode: preset() ?? null }, t('pack.newParcel')),
    unpack: (parcel: PackParcel, line: { id: string; sku: string }) =>
      void act('unpackItem', { parcelId: parcel.id, code: line.sku, quantity: 1 }, `${parcel.code} − ${line.sku}`, { lineId: line.id, quantity: 1 }),
    close: (parcel: PackParcel, input: CloseInput) =>
      void act(
        'closeParcel',
        { parcelId: parcel.id, weightGrams: input.weightGrams, lengthMm: input.lengthMm, widthMm: input.widthMm, heightMm: input.heightMm },
        parcel.code,
      ),
    reopen: (parcel: PackParcel) => void act('reopenParcel', { parcelId: parcel.id }, parcel.code),
    photo: (parcel: PackParcel, file: File) => {
      setPhotos((all) => {
        if (all[parcel.id]) URL.revokeObjectURL(all[parcel.id]);
        return { ...all, [parcel.id]: URL.createObjectURL(file) };
      });
      void act('uploadParcelPhoto', { parcelId: parcel.id, photo: file }, parcel.code);
    },
    /** `pdf`: the fallback when the printer cannot be reached (the PDF opens on this device). */
    printLabel: (parcel: PackParcel, carrierCode: string, pdf = false) => {
      rememberCarrier(order()!.channel, carrierCode);
      setLabel(undefined);
      setLastPrint({ parcel, carrierCode });
      const printerId = pdf ? null : (printer()?.id ?? null);
      void act('printLabel', { parcelId: parcel.id, format: pdf ? 'PDF' : labelFormat(), carrierCode, printerId }, parcel.code);
    },
    printPdf: () => {
      const last = lastPrint();
      if (last) parcels.printLabel(last.parcel, last.carrierCode, true);
    },
  };

  // Ozon's requirements (marking codes, customs declaration, country): answered at once, so the
  // packer sees a refused code (malformed, already used) while the unit is still in hand.
  const outbox = useOutbox();
  const requirement = async (op: string, query: DocumentInput, variables: Record<string, unknown>): Promise<MarkingResult> => {
    if (!order()) return { kind: 'refused', code: 'NOT_FOUND', message: '' };
    const outcome = await outbox.submit({ op, query, variables: { orderId: order()!.id, ...variables }, entity: entity(), meta: { orderId: order()!.id } });
    if (outcome.kind === 'queued') return { kind: 'queued' };
    if (outcome.kind === 'failed') return { kind: 'refused', code: outcome.code ?? 'FAILED', message: outcome.message };
    const error = outcome.userErrors[0];
    if (error) return { kind: 'refused', code: error.code, message: error.message };
    reload();
    return { kind: 'ok' };
  };
  const marking = {
    scan: (code: string, sku: string | null) => requirement('scanMarkingCode', ScanMarkingCodeMutation, { code, sku }),
    remove: (code: string) => requirement('removeMarkingCode', RemoveMarkingCodeMutation, { code }),
    details: (sku: string, input: DetailsInput) => requirement('setMarketplaceProductDetails', SetMarketplaceProductDetailsMutation, { sku, ...input }),
  };
  /** Ozon's posting still lets codes and details change (before it is shipped). */
  const markingEditable = () => ['PICKED', 'PACKED', 'READY_TO_SHIP'].includes(order()?.status ?? '') && order()?.marketplacePosting?.exemplarStatus !== 'ship_available';

  /** The last label went to a printer that did not answer: the screen offers the PDF. */
  const printerUnreachable = () => {
    const a = action.attempt();
    return a?.op === 'printLabel' && a.outcome?.kind === 'done' && a.outcome.userErrors.some((e) => e.code === 'PRINTER_UNREACHABLE');
  };

  return {
    result,
    reload,
    printer,
    printerUnreachable,
    order,
    packed,
    currentParcel,
    pendingOpen,
    photoPending,
    packable,
    allPacked,
    quantity,
    setQuantity,
    preset,
    setPreset,
    photos,
    label,
    notice: scans.notice,
    onRepeat: scans.repeated,
    onScan,
    marking,
    markingEditable,
    attempt: action.attempt,
    retry,
    parcels,
  };
}
