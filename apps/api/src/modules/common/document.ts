import { builder } from '../../builder.ts';

/** A file handed to the client inside a GraphQL response (labels, acts, slips, photos). */
export interface DocumentShape {
  filename: string;
  contentType: string;
  /** base64 for binary files, the text itself for text formats (ZPL). */
  content: string;
  encoding: 'BASE64' | 'UTF8';
}

const DocumentEncoding = builder.enumType('DocumentEncoding', { values: ['BASE64', 'UTF8'] as const });

export const DocumentRef = builder.objectRef<DocumentShape>('Document').implement({
  description: 'A printable or viewable file. Binary content (PDF, images) comes base64-encoded; ZPL as text to send to the printer.',
  fields: (t) => ({
    filename: t.exposeString('filename'),
    contentType: t.exposeString('contentType'),
    encoding: t.field({ type: DocumentEncoding, resolve: (d) => d.encoding }),
    content: t.exposeString('content'),
  }),
});

export const binaryDocument = (filename: string, contentType: string, bytes: Uint8Array): DocumentShape => ({
  filename,
  contentType,
  content: Buffer.from(bytes).toString('base64'),
  encoding: 'BASE64',
});

/** Query cost of a field that renders a document (PDF/ZPL/photo) on read. */
export const documentCost = 250;
