// Subscriptions do not go through the execute hooks the other plugins use, so what those do for
// queries and mutations is done here for subscriptions:
// - the operation limits (depth, breadth, cost) are checked when the stream starts, with the same
//   codes as useQueryLimits;
// - unmasked buyer data read while resolving a message (the order's address, for callers with
//   customers:read_pii) is written to the audit log before the message leaves — or the message is
//   replaced by an error (fail closed), like usePiiAudit does for queries.
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { QueryLimits } from '../../builder.ts';
import { limitError } from '../common/query-limits.ts';
import { flushPiiReadsOrWithhold } from '../customers/pii-audit.ts';

function limitErrors(
  args: { document: Parameters<typeof getOperationAST>[0]; operationName?: string | null; schema: unknown; variableValues?: unknown; contextValue: unknown },
  limits: QueryLimits,
) {
  if (!getOperationAST(args.document, args.operationName)) return [];
  let measured: { complexity: number; depth: number; breadth: number };
  try {
    measured = complexityFromQuery(args.document, {
      schema: args.schema as never,
      variables: (args.variableValues ?? {}) as Record<string, unknown>,
      ctx: args.contextValue as object,
    });
  } catch {
    return []; // invalid variables: execution reports them
  }
  const { complexity, depth, breadth } = measured;
  if (depth > limits.depth)
    return [limitError('QUERY_TOO_DEEP', `The subscription nests ${depth} levels deep; at most ${limits.depth} are allowed`, { depth, maxDepth: limits.depth })];
  if (breadth > limits.breadth)
    return [limitError('QUERY_TOO_BROAD', `The subscription selects ${breadth} fields; at most ${limits.breadth} are allowed`, { breadth, maxBreadth: limits.breadth })];
  if (complexity > limits.complexity) {
    return [
      limitError('QUERY_TOO_COMPLEX', `The subscription costs ${complexity} points per message; at most ${limits.complexity} are allowed`, {
        cost: complexity,
        maxCost: limits.complexity,
      }),
    ];
  }
  return [];
}

export function useLiveSubscriptions(options: { limits: QueryLimits }): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const errors = limitErrors(args, options.limits);
      if (errors.length) return setResultAndStopExecution({ errors });
      return {
        onSubscribeResult() {
          return {
            onNext: ({ setResult }) => flushPiiReadsOrWithhold(args.contextValue, args.operationName, setResult, 'sent'),
          };
        },
      };
    },
  };
}
