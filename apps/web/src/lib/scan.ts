/** A scanned code names this product: its SKU or one of its barcodes (exact, like the API's lookup). */
export function productMatches(code: string, product: { sku: string; barcodes: readonly string[] }): boolean {
  const value = code.trim();
  return value === product.sku || product.barcodes.includes(value);
}

/** Start of the local day (stable query variables for "today"). */
export function startOfToday(now = new Date()): string {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.toISOString();
}
