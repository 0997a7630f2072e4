// Request body limits: a JSON GraphQL request larger than `maxBodyBytes` (1 MB by default) is
// refused with 413 before it is read; multipart requests (file uploads) get `maxUploadBytes`.
// Bodies without Content-Length (chunked) are read up to the limit and refused past it.
import type { Plugin } from 'graphql-yoga';
import { config } from '../../core/config.ts';

export const defaultMaxBodyBytes = config.MAX_BODY_BYTES;
export const defaultMaxUploadBytes = config.MAX_UPLOAD_BYTES;

const tooLarge = (limit: number) =>
  new Response(JSON.stringify({ errors: [{ message: `Request body too large: at most ${limit} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes: limit } }] }), {
    status: 413,
    headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
  });

async function readAtMost(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function useBodyLimit(options: { maxBodyBytes: number; maxUploadBytes: number }): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse }) {
      if (request.method !== 'POST') return;
      const multipart = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/');
      const limit = multipart ? options.maxUploadBytes : options.maxBodyBytes;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > limit) endResponse(tooLarge(limit));
        return;
      }
      if (!requestParser) return;
      setRequestParser(async (req) => {
        const body = await readAtMost(req, limit);
        if (body === null) return tooLarge(limit);
        return requestParser(new Request(req.url, { method: req.method, headers: req.headers, body }));
      });
    },
  };
}
