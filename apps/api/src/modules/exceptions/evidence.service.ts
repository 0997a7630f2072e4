// Evidence staff add to a delivery exception by hand (a photo of the damaged box the buyer sent, the
// carrier's letter, a note of a phone call), beside what is gathered automatically (packing photos,
// weights, labels, acts, tracking events). Files are kept in the packing photos' store
// (UPLOADS_DIR), under exceptions/<exceptionId>/.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExceptionEvidenceKind } from '@orderly/schema';
import { DomainError, userError, type UserErrorShape } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { appendOrderEvent, lockOrder } from '../orders/order.service.ts';
import { uploadsDir } from '../packing/packing.service.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { openExceptionStatuses } from './exceptions.service.ts';

/** The largest evidence file taken (the same limit as packing photos). */
export const maxEvidenceBytes = 10 * 1024 * 1024;
export const maxEvidenceNoteLength = 2000;

export interface FileType {
  extension: string;
  contentType: string;
}

/** What the bytes are, by their first bytes (never by the name or the type the client claims). */
export function sniffFileType(bytes: Uint8Array): FileType | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { extension: 'jpg', contentType: 'image/jpeg' };
  if (bytes[0] === 0x89 && ascii(1, 4) === 'PNG') return { extension: 'png', contentType: 'image/png' };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { extension: 'webp', contentType: 'image/webp' };
  if (ascii(0, 5) === '%PDF-') return { extension: 'pdf', contentType: 'application/pdf' };
  return null;
}

const photoTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** Which files each kind takes: a photo is an image; a document a PDF or a photographed page. */
const acceptedTypes: Record<Exclude<ExceptionEvidenceKind, 'NOTE'>, Set<string>> = {
  PHOTO: photoTypes,
  DOCUMENT: new Set([...photoTypes, 'application/pdf']),
};
const acceptedText: Record<Exclude<ExceptionEvidenceKind, 'NOTE'>, string> = { PHOTO: 'a JPEG, PNG or WebP image', DOCUMENT: 'a PDF or a JPEG, PNG or WebP image' };

export interface EvidenceUpload {
  bytes: Uint8Array;
  /** The name it was uploaded with (shown only; the stored file is named by its id). */
  name: string;
}

/** A display name: the last path segment, no control characters, at most 200 characters. */
export function displayName(name: string, type: FileType): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || `evidence.${type.extension}`).slice(0, 200);
}

/** The input's own checks (before anything is read or locked): every refusal at once, with its field. */
function checkInput(params: { kind: ExceptionEvidenceKind; file: EvidenceUpload | null; note: string }): { errors: UserErrorShape[]; type: FileType | null } {
  const errors: UserErrorShape[] = [];
  let type: FileType | null = null;
  if (params.note.length > maxEvidenceNoteLength)
    errors.push(userError('INVALID_INPUT', `The note is longer than ${maxEvidenceNoteLength} characters`, ['input', 'note']));
  if (params.kind === 'NOTE') {
    if (params.file) errors.push(userError('INVALID_INPUT', 'A note takes no file; send it as PHOTO or DOCUMENT', ['input', 'file']));
    if (!params.note) errors.push(userError('INVALID_INPUT', 'Write the note', ['input', 'note']));
    return { errors, type };
  }
  if (!params.file || params.file.bytes.length === 0) {
    errors.push(userError('INVALID_INPUT', `A ${params.kind.toLowerCase()} needs its file`, ['input', 'file']));
    return { errors, type };
  }
  if (params.file.bytes.length > maxEvidenceBytes) {
    errors.push(userError('INVALID_FILE', `The file is larger than ${maxEvidenceBytes / 1024 / 1024} MB`, ['input', 'file']));
    return { errors, type };
  }
  type = sniffFileType(params.file.bytes);
  if (!type || !acceptedTypes[params.kind].has(type.contentType)) {
    errors.push(userError('INVALID_FILE', `A ${params.kind.toLowerCase()} must be ${acceptedText[params.kind]}`, ['input', 'file']));
  }
  return { errors, type };
}

/** What identifies an upload for idempotency: its digest and size, not its bytes. */
export const uploadFingerprint = (file: EvidenceUpload | null) =>
  file ? { sha256: createHash('sha256').update(file.bytes).digest('hex'), size: file.bytes.length, name: file.name } : null;

/**
 * Adds a photo, a document or a note to an open exception's evidence: the row (who, when), a
 * NOTE_ADDED entry on the order's timeline (no note text: the timeline never holds what buyers may
 * have written) and an `exception.updated` webhook event. Refused — nothing written — for an unknown
 * or ended exception, a missing, empty, oversized or wrong-type file, a note without text.
 */
export async function addExceptionEvidence(
  tx: Tx,
  params: { exceptionId: string; kind: ExceptionEvidenceKind; file: EvidenceUpload | null; note?: string | null; actor: string; userId: string | null; now: Date },
): Promise<{ evidenceId: string; exceptionId: string; orderId: string }> {
  const note = params.note?.trim() ?? '';
  const checked = checkInput({ kind: params.kind, file: params.file, note });
  const found = await tx.exceptionCase.findUnique({ where: { id: params.exceptionId }, select: { orderId: true } });
  if (!found) checked.errors.unshift(userError('NOT_FOUND', 'No such exception', ['input', 'exceptionId']));
  if (checked.errors.length) throw new DomainError(checked.errors);

  // The order's lock serialises everything about its exceptions (tracking, staff).
  const order = await lockOrder(tx, found!.orderId, null, ['input', 'exceptionId']);
  const exception = await tx.exceptionCase.findUniqueOrThrow({ where: { id: params.exceptionId } });
  if (!openExceptionStatuses.includes(exception.status)) {
    throw new DomainError(userError('INVALID_TRANSITION', `The exception is ${exception.status}; evidence is added to open exceptions only`, ['input', 'exceptionId']));
  }

  const type = checked.type;
  const file = params.file;
  const relative = file && type ? path.join('exceptions', exception.id, `${randomUUID()}.${type.extension}`) : null;
  const item = await tx.exceptionEvidenceItem.create({
    data: {
      exceptionId: exception.id,
      kind: params.kind,
      note,
      filePath: relative,
      fileName: file && type ? displayName(file.name, type) : null,
      contentType: type?.contentType ?? null,
      byteSize: file && type ? file.bytes.length : null,
      addedBy: params.actor,
      addedById: params.userId,
      createdAt: params.now,
    },
  });
  await appendOrderEvent(tx, order.id, {
    type: 'NOTE_ADDED',
    actor: params.actor,
    data: { exceptionId: exception.id, evidenceId: item.id, evidenceKind: params.kind, ...(file ? { bytes: file.bytes.length } : {}) },
  });
  await recordOutboxEvent(tx, {
    type: 'exception.updated',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { orderId: order.id, number: order.number, exceptionId: exception.id, kind: exception.kind, status: exception.status, evidenceAdded: params.kind },
  });
  // The file last: a refusal above writes nothing at all. (Should the commit itself fail, an
  // unreferenced file stays behind in the store; nothing points at it.)
  if (relative && file) {
    await fs.mkdir(path.join(uploadsDir(), 'exceptions', exception.id), { recursive: true });
    await fs.writeFile(path.join(uploadsDir(), relative), file.bytes);
  }
  return { evidenceId: item.id, exceptionId: exception.id, orderId: order.id };
}

/** The stored file of an evidence item, or null (a note, or the file is gone). */
export async function readEvidenceFile(item: { filePath: string | null; fileName: string | null; contentType: string | null }) {
  if (!item.filePath || !item.contentType) return null;
  const file = path.join(uploadsDir(), item.filePath);
  // Paths are written by addExceptionEvidence only; refuse anything that would leave the uploads folder.
  if (!file.startsWith(uploadsDir() + path.sep)) return null;
  const bytes = await fs.readFile(file).catch(() => null);
  if (!bytes) return null;
  return { filename: item.fileName ?? path.basename(file), contentType: item.contentType, bytes };
}
