/**
 * Packing photos from phone cameras are 3–8 MB: scale them down (longest side ≤ 1600 px, JPEG)
 * before they are queued and uploaded over the warehouse Wi-Fi. Anything that cannot be decoded
 * here is sent as it is (the API checks the format).
 */
export async function shrinkPhoto(file: File, maxSide = 1600, quality = 0.85): Promise<File> {
  if (typeof createImageBitmap !== 'function' || typeof document === 'undefined') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= 1_500_000) {
      bitmap.close();
      return file;
    }
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' });
  } catch {
    return file;
  }
}

/** Weight typed at the scale: "450" g, or "0,45" / "0.45" kg → grams (null when not a number > 0). */
export function parseWeight(text: string, unit: 'g' | 'kg'): number | null {
  const value = Number(text.trim().replace(',', '.'));
  if (!Number.isFinite(value) || value <= 0) return null;
  const grams = Math.round(unit === 'kg' ? value * 1000 : value);
  return grams >= 1 ? grams : null;
}
