// Photos of a return: the parcel as it arrived, a damaged unit at inspection (the returns station
// takes them; support looks at them before refunding). Stored like exception evidence
// (modules/exceptions/evidence.service.ts): the type read from the bytes, at most
// maxEvidenceBytes, in the packing photos' store (UPLOADS_DIR) under returns/<returnId>/.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DomainError, userError, type UserErrorShape } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { displayName, type EvidenceUpload, maxEvidenceBytes, maxEvidenceNoteLength, sniffFileType } from '../exceptions/evidence.service.ts';
import { appendOrderEvent } from '../orders/order.service.ts';
import { uploadsDir } from '../packing/packing.service.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { lockReturn, returnReference } from './returns.service.ts';

/**
 * Adds a photo to a return (of one of its lines when `returnLineId` is given): the row (who, when),
 * a RETURN_UPDATED entry on the order's timeline (no note text: buyers' words stay off it) and a
 * `return.updated` event. Refused — nothing written — for an unknown return or a line not in it, a
 * missing, empty, oversized or non-image file (JPEG, PNG, WebP by their bytes), a note too long.
 */
export async function addReturnPhoto(
  tx: Tx,
  params: { returnId: string; returnLineId?: string | null; file: EvidenceUpload | null; note?: string | null; actor: string; now: Date },
): Promise<{ photoId: string; returnId: string; orderId: string }> {
  const note = params.note?.trim() ?? '';
  const errors: UserErrorShape[] = [];
  if (note.length > maxEvidenceNoteLength) errors.push(userError('INVALID_INPUT', `The note is longer than ${maxEvidenceNoteLength} characters`, ['input', 'note']));
  const file = params.file;
  const type = file && file.bytes.length > 0 && file.bytes.length <= maxEvidenceBytes ? sniffFileType(file.bytes) : null;
  if (!file || file.bytes.length === 0) errors.push(userError('INVALID_INPUT', 'A photo needs its file', ['input', 'file']));
  else if (file.bytes.length > maxEvidenceBytes)
    errors.push(userError('INVALID_FILE', `The file is larger than ${maxEvidenceBytes / 1024 / 1024} MB`, ['input', 'file']));
  else if (!type?.contentType.startsWith('image/')) errors.push(userError('INVALID_FILE', 'A photo must be a JPEG, PNG or WebP image', ['input', 'file']));
  if (errors.length) throw new DomainError(errors);

  const { order, ret } = await lockReturn(tx, params.returnId, ['input', 'returnId']);
  if (params.returnLineId && !ret.lines.some((l) => l.id === params.returnLineId)) {
    throw new DomainError(userError('NOT_IN_RETURN', `That line is not part of return R-${ret.number}`, ['input', 'returnLineId']));
  }
  const relative = path.join('returns', ret.id, `${randomUUID()}.${type!.extension}`);
  const photo = await tx.returnPhoto.create({
    data: {
      returnId: ret.id,
      returnLineId: params.returnLineId ?? null,
      filePath: relative,
      fileName: displayName(file!.name, type!),
      contentType: type!.contentType,
      byteSize: file!.bytes.length,
      note,
      addedBy: params.actor,
      createdAt: params.now,
    },
  });
  await appendOrderEvent(tx, order.id, {
    type: 'RETURN_UPDATED',
    actor: params.actor,
    data: { returnId: ret.id, returnNumber: ret.number, status: ret.status, photoId: photo.id, returnLineId: photo.returnLineId, bytes: photo.byteSize },
  });
  await recordOutboxEvent(tx, {
    type: 'return.updated',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { ...returnReference(order, ret), photoAdded: photo.id },
  });
  // The file last: a refusal above writes nothing at all (a failed commit leaves an unreferenced file).
  await fs.mkdir(path.join(uploadsDir(), 'returns', ret.id), { recursive: true });
  await fs.writeFile(path.join(uploadsDir(), relative), file!.bytes);
  return { photoId: photo.id, returnId: ret.id, orderId: order.id };
}
