import { createSignal } from 'solid-js';
import { useClient } from '@urql/solid';
import { isConnectionError } from '../../graphql/client';
import type { SchemaType } from '../../graphql/graphql';
import type { UserError } from '../../graphql/types';
import { newIdempotencyKey } from '../../offline/ids';
import { online } from '../../offline/network';
import { AddExceptionEvidenceMutation } from './exception.graphql';

export type EvidenceKind = SchemaType<'ExceptionEvidenceKind'>;

/** The largest file the API takes (evidence.service.ts). */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** What a chosen file is as evidence: a photo, a document (PDF), or not something the API takes. */
export function evidenceKindOf(file: Blob): EvidenceKind | null {
  const type = file.type.toLowerCase();
  if (PHOTO_TYPES.has(type)) return 'PHOTO';
  if (type === 'application/pdf') return 'DOCUMENT';
  return null;
}

/** Why a file cannot be sent (checked here first, so a 10 MB upload is not sent to be refused). */
export function evidenceFileProblem(file: Blob): 'tooBig' | 'wrongType' | null {
  if (!evidenceKindOf(file)) return 'wrongType';
  if (file.size > MAX_EVIDENCE_BYTES) return 'tooBig';
  return null;
}

/** How the last upload went. `offline`: not sent (no network); `lost`: the connection dropped on the way. */
export type UploadState =
  { kind: 'idle' } | { kind: 'sending' } | { kind: 'offline' } | { kind: 'lost' } | { kind: 'refused' } | { kind: 'failed'; message: string } | { kind: 'done' };

interface Sent {
  file: Blob | null;
  note: string;
  key: string;
}

/**
 * Adds evidence to an exception, straight to the API: uploads need the network, so nothing goes
 * through the outbox (no photo is kept on the phone to be sent later). Offline, it says so and sends
 * nothing. A retry of the same file and note reuses the idempotency key, so an upload whose answer
 * was lost is never kept twice.
 */
export function useEvidenceUpload(exceptionId: () => string | undefined) {
  const client = useClient();
  const [state, setState] = createSignal<UploadState>({ kind: 'idle' });
  const [errors, setErrors] = createSignal<UserError[]>([]);
  let last: Sent | null = null;

  const reset = () => {
    setErrors([]);
    setState({ kind: 'idle' });
  };

  /** Sends the file (if any) and the note; answers true once the API kept it. */
  const send = async (file: Blob | null, note: string): Promise<boolean> => {
    const id = exceptionId();
    if (!id || state().kind === 'sending') return false;
    setErrors([]);
    if (!online()) {
      setState({ kind: 'offline' });
      return false;
    }
    const key = last && last.file === file && last.note === note ? last.key : newIdempotencyKey();
    last = { file, note, key };
    const kind: EvidenceKind = file ? (evidenceKindOf(file) ?? 'DOCUMENT') : 'NOTE';
    setState({ kind: 'sending' });
    const result = await client
      .mutation(AddExceptionEvidenceMutation, { input: { exceptionId: id, kind, file, note: note || null }, idempotencyKey: key }, { requestPolicy: 'network-only' })
      .toPromise();
    const payload = result.data?.addExceptionEvidence;
    if (!payload) {
      if (result.error && isConnectionError(result.error)) setState({ kind: online() ? 'lost' : 'offline' });
      else setState({ kind: 'failed', message: result.error?.message ?? '' });
      return false;
    }
    if (payload.userErrors.length) {
      setErrors(payload.userErrors);
      setState({ kind: 'refused' });
      return false;
    }
    last = null;
    setState({ kind: 'done' });
    return true;
  };

  return { state, errors, send, reset, busy: () => state().kind === 'sending' };
}
