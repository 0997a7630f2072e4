// The checks and storage every return photo goes through, whether added later (addReturnPhoto) or
// sent with the request (requestReturn): the type read from the bytes, at most maxEvidenceBytes, in
// the packing photos' store (UPLOADS_DIR) under returns/<returnId>/. Kept apart from
// returns.service.ts so both it and photos.service.ts can use it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { userError, type UserErrorShape } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { displayName, type EvidenceUpload, type FileType, maxEvidenceBytes, sniffFileType } from '../exceptions/evidence.service.ts';
import { uploadsDir } from '../packing/packing.service.ts';

/** A photo that passed checkReturnPhoto: its bytes and the type read from them. */
export interface CheckedPhoto {
  file: EvidenceUpload;
  type: FileType;
}

/** The photo's errors at `field` (missing, empty, oversized, not a JPEG, PNG or WebP), or the checked photo. */
export function checkReturnPhoto(file: EvidenceUpload | null, field: string[]): { photo: CheckedPhoto } | { errors: UserErrorShape[] } {
  if (!file || file.bytes.length === 0) return { errors: [userError('INVALID_INPUT', 'A photo needs its file', field)] };
  if (file.bytes.length > maxEvidenceBytes) return { errors: [userError('INVALID_FILE', `The file is larger than ${maxEvidenceBytes / 1024 / 1024} MB`, field)] };
  const type = sniffFileType(file.bytes);
  if (!type?.contentType.startsWith('image/')) return { errors: [userError('INVALID_FILE', 'A photo must be a JPEG, PNG or WebP image', field)] };
  return { photo: { file, type } };
}

/**
 * Writes the photo's row and returns it with `save`, which writes the file: call it last, once
 * everything else of the change is written, so a refusal leaves no file behind (a failed commit
 * leaves an unreferenced one).
 */
export async function storeReturnPhoto(tx: Tx, params: { returnId: string; returnLineId: string | null; photo: CheckedPhoto; note: string; actor: string; now: Date }) {
  const { file, type } = params.photo;
  const relative = path.join('returns', params.returnId, `${randomUUID()}.${type.extension}`);
  const row = await tx.returnPhoto.create({
    data: {
      returnId: params.returnId,
      returnLineId: params.returnLineId,
      filePath: relative,
      fileName: displayName(file.name, type),
      contentType: type.contentType,
      byteSize: file.bytes.length,
      note: params.note,
      addedBy: params.actor,
      createdAt: params.now,
    },
  });
  const save = async () => {
    await fs.mkdir(path.join(uploadsDir(), 'returns', params.returnId), { recursive: true });
    await fs.writeFile(path.join(uploadsDir(), relative), file.bytes);
  };
  return { row, save };
}
