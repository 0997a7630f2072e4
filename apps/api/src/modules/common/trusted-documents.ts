// Trusted (persisted) documents. The PWA's own operations are known in advance: a generated map
// (trusted-documents.json, `pnpm trusted-documents`, from the gql.tada documents in apps/web/src/**/*.graphql.ts)
// holds each one under its sha256. A request may name one instead of sending the text:
//   POST {"documentId": "sha256:<hash>", "variables": {…}}            (GraphQL over HTTP draft)
//   POST {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hash>"}}, …}  (Apollo)
//   GET  /graphql?documentId=sha256:<hash>&variables=…
// A request whose `query` text is exactly a persisted document counts as persisted too.
// The PWA names its documents by the hash's first 16 hex digits (SHORT_DOCUMENT_ID_LENGTH): unique
// among the app's documents (the generator checks), 2.8 kB less in the floor's first download, and
// a short id can only ever name a trusted document.
// Policy (TRUSTED_DOCUMENTS, default `enforce`): arbitrary (non-persisted) documents are for
// integrators (API keys) and staff with the ADMIN role (GraphiQL, support) only. Every other staff
// session (MANAGER, PICKER, PACKER, SUPPORT) must send persisted documents and is refused with
// PERSISTED_QUERY_REQUIRED (HTTP 403); anonymous callers may send persisted documents or an arbitrary
// document that only logs in (else UNAUTHENTICATED). `off` (development) lets every signed-in caller
// send arbitrary documents (anonymous callers still only log in).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getOperationAST, GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context, Viewer } from '../../context.ts';

export type TrustedDocumentsPolicy = 'enforce' | 'off';

/** Who may send arbitrary (non-persisted) documents under the policy. */
export function mayRunArbitraryDocuments(viewer: Viewer | null, policy: TrustedDocumentsPolicy): boolean {
  if (!viewer) return false;
  if (policy === 'off') return true;
  return viewer.kind === 'apiKey' || viewer.kind === 'system' || viewer.roles.includes('ADMIN');
}

export const trustedDocumentsPath = fileURLToPath(new URL('./trusted-documents.json', import.meta.url));

export interface TrustedDocumentsFile {
  /** sha256 (hex) of the document text → the text. */
  documents: Record<string, string>;
  /** Operation name → its hash, for clients that look documents up by name. */
  operations: Record<string, string>;
}

export const documentHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Hex digits of a document's hash the PWA sends (64 bits). */
export const SHORT_DOCUMENT_ID_LENGTH = 16;
export const shortDocumentId = (hash: string) => hash.slice(0, SHORT_DOCUMENT_ID_LENGTH);

export class TrustedDocuments {
  /** Short id → full hash (only ids that name one document). */
  private readonly byShortId = new Map<string, string>();
  /** The texts whose hash names them: a request's query text is looked up without hashing it. */
  private readonly texts = new Set<string>();

  constructor(private readonly documents: ReadonlyMap<string, string>) {
    const seen = new Set<string>();
    for (const [hash, text] of documents) {
      if (documentHash(text) === hash) this.texts.add(text);
      const id = shortDocumentId(hash);
      if (seen.has(id)) this.byShortId.delete(id);
      else this.byShortId.set(id, hash);
      seen.add(id);
    }
  }

  static fromFile(file = trustedDocumentsPath): TrustedDocuments {
    if (!fs.existsSync(file)) return new TrustedDocuments(new Map());
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as TrustedDocumentsFile;
    return new TrustedDocuments(new Map(Object.entries(parsed.documents)));
  }

  /** The document a full hash or a short id names. */
  get(id: string) {
    const hash = id.replace(/^sha256:/, '').toLowerCase();
    return this.documents.get(hash.length === SHORT_DOCUMENT_ID_LENGTH ? (this.byShortId.get(hash) ?? '') : hash) ?? null;
  }

  /** The text is exactly one of the persisted documents. */
  hasText(text: string) {
    return this.texts.has(text);
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

const persistedQueryRequired = () =>
  new GraphQLError(
    "Persisted document required: this app's sessions may only send the app's own operations (documentId or extensions.persistedQuery.sha256Hash); arbitrary GraphQL documents are for API keys and admins",
    { extensions: { code: 'PERSISTED_QUERY_REQUIRED', http: { status: 403 } } },
  );

const signInFirst = () =>
  new GraphQLError("Sign in first: anonymous callers may only log in (login mutation) or send the app's persisted documents", {
    extensions: { code: 'UNAUTHENTICATED' },
  });

export function useTrustedDocuments(store: TrustedDocuments, options: { introspection: boolean; policy?: TrustedDocumentsPolicy }): Plugin {
  const policy = options.policy ?? 'enforce';
  /** The error refusing this operation, or null when it may run. */
  const refusal = (args: { contextValue: unknown; document: Parameters<typeof getOperationAST>[0]; operationName?: string | null }) => {
    const ctx = args.contextValue as Context & { request?: Request };
    if (isTrustedRequest(ctx.request) || mayRunArbitraryDocuments(ctx.viewer, policy)) return null;
    const operation = getOperationAST(args.document, args.operationName) as OperationDefinitionNode | null;
    const roots = operation?.selectionSet.selections ?? [];
    const allowed = roots.every(
      (s) => s.kind === Kind.FIELD && (anonymousRootFields.has(s.name.value) || (options.introspection && (s.name.value === '__schema' || s.name.value === '__type'))),
    );
    if (allowed) return null;
    return ctx.viewer ? persistedQueryRequired() : signInFirst();
  };
  return {
    onParams({ params, request, setParams }) {
      const raw = params as typeof params & { documentId?: unknown };
      let documentId = typeof raw.documentId === 'string' ? raw.documentId : null;
      if (!documentId && request.method === 'GET') documentId = new URL(request.url).searchParams.get('documentId');
      const apq = (params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      if (!documentId && typeof apq === 'string') documentId = apq;
      if (!documentId) {
        // The exact text of a persisted document is as good as its id.
        if (typeof params.query === 'string' && store.hasText(params.query)) trustedRequests.add(request);
        return;
      }
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
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refusal(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
