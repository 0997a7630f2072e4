// Photos of a return: the parcel as it arrived, a damaged unit at inspection (the returns station
// takes them; support looks at them before refunding). Stored like exception evidence
// (modules/exceptions/evidence.service.ts) through photo-store.ts, as the request's photos are.
import { DomainError, userError, type UserErrorShape } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { type EvidenceUpload, maxEvidenceNoteLength } from '../exceptions/evidence.service.ts';
import { appendOrderEvent } from '../orders/order.service.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { checkReturnPhoto, storeReturnPhoto } from './photo-store.ts';
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
  const checked = checkReturnPhoto(params.file, ['input', 'file']);
  if ('errors' in checked) errors.push(...checked.errors);
  if (errors.length || 'errors' in checked) throw new DomainError(errors);

  const { order, ret } = await lockReturn(tx, params.returnId, ['input', 'returnId']);
  if (params.returnLineId && !ret.lines.some((l) => l.id === params.returnLineId)) {
    throw new DomainError(userError('NOT_IN_RETURN', `That line is not part of return R-${ret.number}`, ['input', 'returnLineId']));
  }
  const { row: photo, save } = await storeReturnPhoto(tx, {
    returnId: ret.id,
    returnLineId: params.returnLineId ?? null,
    photo: checked.photo,
    note,
    actor: params.actor,
    now: params.now,
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
  // The file last: a refusal above writes nothing at all.
  await save();
  return { photoId: photo.id, returnId: ret.id, orderId: order.id };
}
