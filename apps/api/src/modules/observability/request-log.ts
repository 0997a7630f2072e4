// One JSON log line and one set of metrics per GraphQL request (a yoga plugin, hence not in core/):
// operation name and type, who called by kind (user / API key / anonymous, and their actor id —
// never a token or a cookie), duration, cost, HTTP status and the error codes. Never the
// document's variables or an error's message: those carry buyer names, phones and addresses.
import { getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Context } from '../../context.ts';
import { graphqlErrors, operationDuration, operationLabel, operationsTotal, rateLimitRefusals } from '../../core/observability/metrics.ts';
import { operationCost } from '../common/query-limits.ts';

interface RequestRecord {
  started: number;
  operation?: string;
  type?: string;
  context?: Context;
  errorCodes: string[];
}

/** Errors without a code are graphql-js's and yoga's own about the request (syntax, validation, variable values). */
const codeOf = (error: unknown) => {
  const code = (error as GraphQLError | null)?.extensions?.code;
  return typeof code === 'string' ? code : 'BAD_REQUEST';
};

function collectErrors(result: unknown, into: string[]) {
  for (const single of Array.isArray(result) ? result : [result]) {
    const errors = (single as { errors?: readonly unknown[] } | null)?.errors;
    if (errors) for (const error of errors) into.push(codeOf(error));
  }
}

export function useRequestObservability(log: Logger): Plugin {
  const requests = new WeakMap<Request, RequestRecord>();
  const noteOperation = (args: { document: DocumentNode; operationName?: string | null; contextValue: unknown }) => {
    const context = args.contextValue as Context & { request: Request };
    const record = requests.get(context.request);
    if (!record) return;
    const operation = getOperationAST(args.document, args.operationName);
    record.operation = operation?.name?.value ?? args.operationName ?? undefined;
    record.type = operation?.operation;
    record.context = context;
  };
  return {
    onRequest({ request }) {
      requests.set(request, { started: performance.now(), errorCodes: [] });
    },
    onExecute({ args }) {
      noteOperation(args);
    },
    onSubscribe({ args }) {
      noteOperation(args);
    },
    onResultProcess({ request, result }) {
      const record = requests.get(request);
      // A stream's messages are sent later; only errors known before it opens are counted here.
      if (record && !(result && typeof result === 'object' && Symbol.asyncIterator in result)) collectErrors(result, record.errorCodes);
    },
    onResponse({ request, response }) {
      const record = requests.get(request);
      if (!record) return;
      requests.delete(request);
      const seconds = (performance.now() - record.started) / 1000;
      const operation = operationLabel(record.operation);
      const type = record.type ?? 'unknown';
      const viewer = record.context?.viewer ?? null;
      const caller = viewer ? viewer.kind : record.context ? 'anonymous' : 'unknown';
      const failed = record.errorCodes.length > 0 || response.status >= 400;
      operationsTotal.inc({ operation, type, result: failed ? 'error' : 'ok' });
      operationDuration.observe({ operation, type }, seconds);
      for (const code of record.errorCodes) {
        graphqlErrors.inc({ code });
        if (code === 'RATE_LIMITED') rateLimitRefusals.inc({ caller });
      }
      // yoga masks unexpected errors (a bug, a database failure) as INTERNAL_SERVER_ERROR.
      const serverError = response.status >= 500 || record.errorCodes.includes('INTERNAL_SERVER_ERROR');
      log[serverError ? 'warn' : 'info'](
        {
          operation: record.operation ?? null,
          type,
          caller,
          actor: viewer?.actor ?? null,
          status: response.status,
          durationMs: Math.round(seconds * 10_000) / 10,
          cost: record.context ? (operationCost.get(record.context) ?? null) : null,
          ...(record.errorCodes.length ? { errors: [...new Set(record.errorCodes)] } : {}),
          ...(response.headers.get('content-type')?.startsWith('text/event-stream') ? { stream: true } : {}),
        },
        'graphql request',
      );
    },
  };
}
