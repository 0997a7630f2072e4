// Malformed arguments are refused before anything runs, as BAD_USER_INPUT naming the field:
// - the NUL character U+0000, which PostgreSQL text and jsonb cannot hold (a string carrying one
//   would fail deep in the database driver as an internal error): refused once here for every
//   argument of every operation — variables at any depth (keys too) and literals in the document;
// - a literal a scalar refused (a DateTime out of range…) gets its field path, as a variable's
//   error already has from graphql-js.
import { type ASTNode, type DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const hasNul = (text: string) => text.includes('\u0000');

/** Whether any string in the value (keys too) holds a NUL: the common case, without building paths. */
function anyNul(value: unknown): boolean {
  // Iterative: a request's JSON may nest deeper than the call stack.
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (hasNul(next)) return true;
    } else if (next !== null && typeof next === 'object') {
      for (const key of Object.keys(next)) {
        if (hasNul(key)) return true;
        pending.push((next as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** The path (["$input", "lines", "0", "sku"]) of the first string in the variables holding a NUL. */
function nulInVariables(variables: Record<string, unknown>): string[] | null {
  if (!anyNul(variables)) return null;
  const pending: [unknown, string[]][] = Object.entries(variables).map(([name, value]) => [value, [`$${name}`]]);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'string' && hasNul(value)) return path;
    if (value === null || typeof value !== 'object') continue;
    for (const [key, item] of Object.entries(value)) {
      if (hasNul(key)) return [...path, key];
      pending.push([item, [...path, key]]);
    }
  }
  return null;
}

/** Where a value sits in the document: ["createOrder", "input", "shippingAddress", "name"]. */
const argumentPath = (ancestors: readonly (ASTNode | readonly ASTNode[])[]) =>
  ancestors.flatMap((a) =>
    'kind' in a && (a.kind === Kind.FIELD || a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD)
      ? [(a.kind === Kind.FIELD ? (a.alias ?? a.name) : a.name).value]
      : [],
  );

/** The path of the first value node in the document that `matches`. */
function findLiteral(document: DocumentNode, matches: (node: ASTNode) => boolean): string[] | null {
  let found: string[] | null = null;
  const enter = (
    node: ASTNode,
    _key: unknown,
    parent: ASTNode | readonly ASTNode[] | undefined,
    _path: unknown,
    ancestors: readonly (ASTNode | readonly ASTNode[])[],
  ) => {
    if (found || !matches(node)) return undefined;
    found = argumentPath(parent ? [...ancestors, parent] : ancestors);
    return false;
  };
  visit(document, { enter });
  return found;
}

const badInput = (message: string, field: string[], nodes?: GraphQLError['nodes']) =>
  new GraphQLError(`${message}: ${field.join('.')}`, { nodes, extensions: { code: 'BAD_USER_INPUT', field } });

/** Where the document's literals hold a NUL, per parsed document (yoga's parser cache reuses them). */
const nulLiterals = new WeakMap<DocumentNode, string[] | null>();

function nulInDocument(document: DocumentNode): string[] | null {
  let field = nulLiterals.get(document);
  if (field === undefined) nulLiterals.set(document, (field = findLiteral(document, (node) => node.kind === Kind.STRING && hasNul(node.value))));
  return field;
}

function refuseNul(document: DocumentNode, variables: unknown) {
  const field = nulInVariables((variables ?? {}) as Record<string, unknown>) ?? nulInDocument(document);
  return field ? { errors: [badInput('Text must not contain the NUL character (\\u0000)', field)] } : null;
}

export function useInputGuard(): Plugin {
  return {
    onValidate({ params }) {
      return ({ result, setResult }) => {
        const refusedLiteral = (error: unknown) =>
          error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT' && !error.extensions.field ? error.nodes?.[0] : undefined;
        if (!result.some(refusedLiteral)) return;
        setResult(
          result.map((error) => {
            const node = refusedLiteral(error);
            const field = node && findLiteral(params.documentAST, (n) => n === node);
            return field ? badInput((error as GraphQLError).message, field, (error as GraphQLError).nodes) : error;
          }),
        );
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refuseNul(args.document, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refuseNul(args.document, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
