import { createMemo, createSignal } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import type { DocumentInput } from '@urql/core';
import { useI18n } from '../../i18n';
import type { ScanVerdict } from '../../components/ScanInput';
import type { ScanNotice } from '../../components/ScanMessage';
import { useUserErrorText } from '../../components/UserErrors';
import type { PrintableDocument } from '../../lib/documents';
import { appliedPayload, createOutboxAction, type Attempt } from '../../lib/outboxAction';
import { useOutbox } from '../../offline/outbox';
import { useViewer } from '../../auth/viewer';
import { useStationPrinter } from '../../lib/printers';
import {
  AddParcelToManifestMutation,
  CloseManifestMutation,
  CreateManifestMutation,
  HandoverQuery,
  ManifestActQuery,
  PrintManifestActMutation,
  RemoveParcelFromManifestMutation,
  type ManifestNode,
  type ManifestPayload,
} from './handover.graphql';

/** A closed act printed again: sent to the printer, its PDF, or the printer did not take it. */
export type ActReprint = { id: string; document?: PrintableDocument; loading?: boolean; sentTo?: string; notPrinted?: boolean };

export type ManifestOp = 'createManifest' | 'addParcelToManifest' | 'removeParcelFromManifest' | 'closeManifest';

const DOCUMENTS: Record<ManifestOp, DocumentInput> = {
  createManifest: CreateManifestMutation,
  addParcelToManifest: AddParcelToManifestMutation,
  removeParcelFromManifest: RemoveParcelFromManifestMutation,
  closeManifest: CloseManifestMutation,
};

/** An act action; `manifest` is the act it changes (none for a new act). */
export interface ManifestAttempt extends Attempt<ManifestOp> {
  manifest?: { id: string; number: number };
}

export interface ClosedAct {
  number: number;
  act: PrintableDocument;
  orders: { id: string; number: number }[];
}

/**
 * The hand-over screen's state: the open and recently closed acts, the one chosen by the route,
 * and the act actions through the outbox (new act, parcel scans, remove, close → the act PDF).
 */
export function useHandover(manifestId: () => string | undefined) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const client = useClient();
  const outbox = useOutbox();
  const errorText = useUserErrorText();
  // additionalTypenames: refetched after every act / parcel change, also when no act is listed yet.
  const [result, reexecute] = createQuery({ query: HandoverQuery, requestPolicy: 'cache-and-network', context: { additionalTypenames: ['Manifest', 'Parcel'] } });
  const reload = () => reexecute({ requestPolicy: 'network-only' });

  const spec = (a: ManifestAttempt) => ({
    query: DOCUMENTS[a.op],
    entity: a.manifest ? { type: 'Manifest' as const, id: a.manifest.id, label: t('handover.actNumber', { number: a.manifest.number }) } : undefined,
    meta: a.manifest ? { manifestId: a.manifest.id, parcelCode: a.variables.parcelCode } : undefined,
  });
  const action = createOutboxAction<ManifestAttempt>(spec);
  /** Scans answer in the scan message, not in the action outcome. */
  const scanAction = createOutboxAction<ManifestAttempt>(spec);

  const [carrier, setCarrier] = createSignal<string>();
  const [notice, setNotice] = createSignal<ScanNotice>();
  const [closed, setClosed] = createSignal<ClosedAct>();
  const [reprint, setReprint] = createSignal<ActReprint>();
  const viewer = useViewer();
  const printer = useStationPrinter('SHIP', () => viewer.can('documents:print'));

  const open = () => result.data?.open.edges.map((e) => e.node) ?? [];
  const recentlyClosed = () => result.data?.closed.edges.map((e) => e.node) ?? [];
  const selected = createMemo<ManifestNode | undefined>(() => (manifestId() ? open().find((m) => m.id === manifestId()) : undefined));
  const carriers = () => result.data?.carriers ?? [];
  const chosenCarrier = () => carrier() ?? carriers()[0]?.code ?? '';
  const pendingFor = (id: string) => outbox.items().filter((i) => i.status === 'pending' && i.meta?.manifestId === id && i.op === 'addParcelToManifest');

  const create = async () => {
    const outcome = await action.send({ op: 'createManifest', variables: { carrierCode: chosenCarrier() } });
    const manifest = outcome.kind === 'done' ? (outcome.payload as ManifestPayload | null)?.manifest : null;
    if (manifest) navigate(`/handover/${encodeURIComponent(manifest.id)}`);
  };

  const onScan = async (raw: string): Promise<ScanVerdict> => {
    const manifest = selected();
    if (!manifest) return 'error';
    const code = raw.trim();
    if (manifest.parcels.some((p) => p.code === code) || pendingFor(manifest.id).some((i) => i.variables.parcelCode === code)) {
      setNotice({ kind: 'info', text: t('handover.alreadyOnAct', { parcel: code }) });
      return 'ok';
    }
    const outcome = await scanAction.send({ op: 'addParcelToManifest', manifest, variables: { manifestId: manifest.id, parcelCode: code } });
    if (outcome.kind === 'queued') {
      setNotice({ kind: 'info', text: t('handover.parcelQueued', { parcel: code }) });
      return 'ok';
    }
    if (outcome.kind === 'failed') {
      setNotice({ kind: 'error', text: t('detail.failed'), code: outcome.code });
      return 'error';
    }
    if (outcome.userErrors.length) {
      const error = outcome.userErrors[0];
      // An unknown code is no parcel of ours at all (a mis-scan, another seller's label): say so.
      const text = error.code === 'NOT_FOUND' ? t('handover.unknownParcel', { code }) : errorText(error);
      setNotice({ kind: 'error', text, code: error.code, detail: code });
      return 'error';
    }
    setNotice({ kind: 'ok', text: t('handover.parcelAdded', { parcel: code }) });
    return 'ok';
  };

  const remove = (manifest: ManifestNode, parcelCode: string) =>
    void action.send({ op: 'removeParcelFromManifest', manifest, variables: { manifestId: manifest.id, parcelCode } });

  const close = async (manifest: ManifestNode, variables: Record<string, unknown> = { manifestId: manifest.id }) => {
    const outcome = await action.send({ op: 'closeManifest', manifest, variables });
    const act = appliedPayload<ManifestPayload>(outcome)?.manifest;
    if (act?.act) {
      const orders = new Map(manifest.parcels.flatMap((p) => (p.order ? [[p.order.id, { id: p.order.id, number: p.order.number }] as const] : [])));
      setClosed({ number: act.number, act: act.act, orders: [...orders.values()] });
    }
  };

  /** The last action again (same key): closing again also shows the act. */
  const retry = () => {
    const last = action.attempt();
    const manifest = selected();
    if (last?.op === 'closeManifest' && manifest) void close(manifest, last.variables);
    else action.retry();
  };

  const openActPdf = async (id: string) => {
    setReprint({ id, loading: true });
    const answer = await client.query(ManifestActQuery, { id }, { requestPolicy: 'network-only', persist: false }).toPromise();
    setReprint({ id, document: answer.data?.manifest?.act ?? undefined });
  };
  /** To the station's PDF printer when there is one; the PDF when there is none or it does not answer. */
  const printAct = async (id: string) => {
    const target = printer();
    if (target?.language !== 'PDF') return openActPdf(id);
    setReprint({ id, loading: true });
    const answer = await client.mutation(PrintManifestActMutation, { manifestId: id, printerId: target.id }).toPromise();
    const printed = answer.data?.printManifestAct;
    setReprint(printed && !printed.userErrors.length ? { id, sentTo: target.name } : { id, notPrinted: true });
  };

  return {
    result,
    reload,
    open,
    recentlyClosed,
    selected,
    carriers,
    chosenCarrier,
    setCarrier,
    pendingFor,
    notice,
    attempt: action.attempt,
    closed,
    reprint,
    create: () => void create(),
    onScan,
    remove,
    close: (manifest: ManifestNode) => void close(manifest),
    retry,
    printAct: (id: string) => void printAct(id),
    openActPdf: (id: string) => void openActPdf(id),
  };
}
