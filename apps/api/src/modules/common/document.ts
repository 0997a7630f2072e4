import { builder } from '../../builder.ts';
import type { DocumentShape } from '../../core/document.ts';

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

/** Query cost of a field that renders a document (PDF/ZPL/photo) on read. */
export const documentCost = 250;
