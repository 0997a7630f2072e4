// Trusted (persisted) documents. The PWA's own operations are known in advance: a generated map
// (trusted-documents.json, `pnpm trusted-documents`, from the gql`…` documents in apps/web/src)
// holds each one under its sha256. A request may name one instead of sending the text:
//   POST {"documentId": "sha256:<hash>", "variables": {…}}            (GraphQL over HTTP draft)
//   POST {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hash>"}}, …}  (Apollo)
//   GET  /graphql?documentId=sha256:<hash>&variables=…
// Arbitrary documents are for authenticated callers only (staff sessions and API keys); anonymous
// callers may send persisted documents, or an arbitrary one that only logs in.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getOperationAST, GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../../context.ts';

export const trustedDocumentsPath = fileURLToPath(new URL('./trusted-documents.json', import.meta.url));

export interface TrustedDocumentsFile {
  /** sha256 (hex) of the document text → the text. */
  documents: Record<string, string>;
  /** Operation name → its hash, for clients that look documents up by name. */
  operations: Record<string, string>;
}

export const documentHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export class TrustedDocuments {
  constructor(private readonly documents: ReadonlyMap<string, string>) {}

  static fromFile(file = trustedDocumentsPath): TrustedDocuments {
    if (!fs.existsSync(file)) return new TrustedDocuments(new Map());
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as TrustedDocumentsFile;
    return new TrustedDocuments(new Map(Object.entries(parsed.documents)));
  }

  get(hash: string) {
    return this.documents.get(hash.replace(/^sha256:/, '').toLowerCase()) ?? null;
  }

  get size() {
    return this.documents.size;
  }
}

/** Requests whose document came from the trusted map. */
const trustedRequests = new WeakSet<Request>();
export const isTrustedRequest = (request: Request | undefined) => !!request && trustedRequests.has(request);

/** Root fields an anonymous caller may use in an arbitrary document. */
const anonymousRootFields = new Set(['login', '__typename']);

export function useTrustedDocuments(store: TrustedDocuments, options: { introspection: boolean }): Plugin {
  return {
    onParams({ params, request, setParams }) {
      const raw = params as typeof params & { documentId?: unknown };
      let documentId = typeof raw.documentId === 'string' ? raw.documentId : null;
      if (!documentId && request.method === 'GET') documentId = new URL(request.url).searchParams.get('documentId');
      const apq = (params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      if (!documentId && typeof apq === 'string') documentId = apq;
      if (!documentId) return;
      const query = store.get(documentId);
      if (!query) {
        throw new GraphQLError('Unknown persisted document: send the query text instead, or update the app', {
          extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
        });
      }
      if (params.query && params.query !== query) {
        throw new GraphQLError('The query text does not match the persisted document it names', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
      }
      trustedRequests.add(request);
      setParams({ ...params, query });
    },
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as unknown as Context & { request?: Request };
      if (ctx.viewer || isTrustedRequest(ctx.request)) return;
      const operation = getOperationAST(args.document, args.operationName) as OperationDefinitionNode | null;
      const roots = operation?.selectionSet.selections ?? [];
      const allowed = roots.every(
        (s) => s.kind === Kind.FIELD && (anonymousRootFields.has(s.name.value) || (options.introspection && (s.name.value === '__schema' || s.name.value === '__type'))),
      );
      if (!allowed) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError('Sign in first: anonymous callers may only log in (login mutation) or send the app\'s persisted documents', {
              extensions: { code: 'UNAUTHENTICATED' },
            }),
          ],
        });
      }
    },
  };
}
