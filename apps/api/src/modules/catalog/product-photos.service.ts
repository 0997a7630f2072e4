// Product photos uploaded to Orderly, kept in the packing photos' store (UPLOADS_DIR) under
// products/<productId>/, typed by their bytes and capped like evidence photos.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DomainError, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { maxEvidenceBytes, sniffFileType, type EvidenceUpload } from '../exceptions/evidence.service.ts';
import { lockRow } from '../common/locks.ts';
import { uploadsDir } from '../packing/packing.service.ts';
import { recordRevision, type ProductChange } from './product-content.service.ts';

/** Photos per product (a marketplace card shows up to 15). */
export const maxProductPhotos = 15;
const photoTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Adds a photo to a product (after its other photos) and a revision naming it. A missing, empty,
 * oversized or non-image file, an unknown product or one with a full gallery: DomainError, nothing
 * written. The file is written last, so a refusal leaves no file behind.
 */
export async function addProductPhoto(
  tx: Tx,
  params: { productId: string; file: EvidenceUpload | null; actor: string; source: string; now: Date },
): Promise<ProductChange> {
  const file = params.file;
  if (!file || file.bytes.length === 0) throw new DomainError(userError('INVALID_FILE', 'Send the photo as a GraphQL multipart request', ['input', 'file']));
  if (file.bytes.length > maxEvidenceBytes)
    throw new DomainError(userError('INVALID_FILE', `The photo is larger than ${maxEvidenceBytes / 1024 / 1024} MB`, ['input', 'file']));
  const type = sniffFileType(file.bytes);
  if (!type || !photoTypes.has(type.contentType)) throw new DomainError(userError('INVALID_FILE', 'A photo must be a JPEG, PNG or WebP image', ['input', 'file']));
  if (!(await lockRow(tx, 'Product', params.productId))) throw new DomainError(userError('NOT_FOUND', 'No such product', ['input', 'productId']));
  const { photoCount } = await tx.product.findUniqueOrThrow({ where: { id: params.productId }, select: { photoCount: true } });
  if (photoCount >= maxProductPhotos) throw new DomainError(userError('INVALID_FILE', `A product has at most ${maxProductPhotos} photos`, ['input', 'file']));

  // eslint-disable-next-line no-control-regex
  const fileName = ((file.name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim() || `photo.${type.extension}`).slice(0, 200);
  const relative = path.join('products', params.productId, `${randomUUID()}.${type.extension}`);
  const photo = await tx.productPhoto.create({
    data: {
      productId: params.productId,
      filePath: relative,
      fileName,
      contentType: type.contentType,
      byteSize: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      position: photoCount + 1,
      actor: params.actor,
      createdAt: params.now,
    },
  });
  await tx.product.update({ where: { id: params.productId }, data: { photoCount: { increment: 1 } } });
  await recordRevision(tx, params.productId, {
    kind: 'UPDATED',
    changes: [{ field: `photos.${photo.id}`, before: null, after: fileName }],
    actor: params.actor,
    source: params.source,
    now: params.now,
  });
  await fs.mkdir(path.join(uploadsDir(), 'products', params.productId), { recursive: true });
  await fs.writeFile(path.join(uploadsDir(), relative), file.bytes);
  return { productId: params.productId, outcome: 'UPDATED' };
}

/** The stored file of a product photo, or null when it is gone. */
export async function readProductPhoto(photo: { filePath: string; fileName: string; contentType: string }) {
  const file = path.join(uploadsDir(), photo.filePath);
  // Paths are written by addProductPhoto only; refuse anything that would leave the uploads folder.
  if (!file.startsWith(uploadsDir() + path.sep)) return null;
  const bytes = await fs.readFile(file).catch(() => null);
  return bytes && { filename: photo.fileName, contentType: photo.contentType, bytes };
}
