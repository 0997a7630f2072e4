/** A file handed to the client (labels, acts, slips, photos); GraphQL's `Document` type exposes it. */
export interface DocumentShape {
  filename: string;
  contentType: string;
  /** base64 for binary files, the text itself for text formats (ZPL). */
  content: string;
  encoding: 'BASE64' | 'UTF8';
}

export const binaryDocument = (filename: string, contentType: string, bytes: Uint8Array): DocumentShape => ({
  filename,
  contentType,
  content: Buffer.from(bytes).toString('base64'),
  encoding: 'BASE64',
});
