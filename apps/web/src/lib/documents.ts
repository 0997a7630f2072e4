/** A printable file as the API sends it: PDFs base64-encoded, ZPL as text. */
export interface PrintableDocument {
  filename: string;
  contentType: string;
  encoding: 'BASE64' | 'UTF8';
  content: string;
}

export function isPdf(doc: PrintableDocument): boolean {
  return doc.contentType.toLowerCase().includes('pdf');
}

/** The document's bytes as a Blob of its content type. */
export function documentBlob(doc: PrintableDocument): Blob {
  if (doc.encoding === 'BASE64') {
    const binary = atob(doc.content);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type: doc.contentType });
  }
  return new Blob([doc.content], { type: doc.contentType || 'text/plain' });
}

/** A blob: URL for the document (revoke it when the screen no longer shows it). */
export function documentUrl(doc: PrintableDocument): string {
  return URL.createObjectURL(documentBlob(doc));
}

/**
 * Opens a PDF in a new tab, where the browser's viewer prints it. Returns false when the browser
 * blocked the pop-up (the screen then offers a link the user taps).
 */
export function openInNewTab(url: string): boolean {
  try {
    return !!window.open(url, '_blank');
  } catch {
    return false;
  }
}

/** Saves the document as a file (e.g. a .zpl for the thermal printer's tool). */
export function downloadUrl(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Copies text (ZPL for a printer app that reads the clipboard). The Clipboard API needs a secure
 * context; warehouse devices on plain http get the old execCommand way.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through
  }
  try {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  } catch {
    return false;
  }
}
