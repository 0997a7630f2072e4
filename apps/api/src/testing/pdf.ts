import { extractText, getDocumentProxy } from 'unpdf';

/** All text of a PDF, pages joined, for assertions on rendered documents. */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}
