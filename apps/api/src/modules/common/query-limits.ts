// Operation limits, checked before anything runs, each with its own error code and a message that
// says what to change: tokens and aliases right after parsing (before the costly validation),
// page sizes, depth, breadth and cost before execution (they need the variables).
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  GraphQLError,
  isObjectType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import type { Plugin } from 'graphql-yoga';
import { fieldCost, type QueryLimits } from '../../builder.ts';

export function limitError(code: string, message: string, details: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** Cost of the operation being executed, for the rate limiter (keyed by the context object). */
export const operationCost = new WeakMap<object, number>();

/** Every root mutation field costs this on top of its selection (writes are dearer than reads). */
export const mutationBaseCost = 10;

/** Aliases per parsed document (yoga's parser cache hands back the same DocumentNode for the same text). */
const aliasCounts = new WeakMap<DocumentNode, number>();

function countAliases(document: DocumentNode): number {
  let aliases = aliasCounts.get(document);
  if (aliases === undefined) {
    let counted = 0;
    visit(document, { Field: (node) => void (node.alias ? counted++ : null) });
    aliasCounts.set(document, (aliases = counted));
  }
  return aliases;
}

/** The selected operation with the fragments it may use, as its own document. */
function operationDocument(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  return { kind: Kind.DOCUMENT, definitions: [operation, ...document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)] };
}

type Measured = { complexity: number; depth: number; breadth: number };

/**
 * What the limits need from one operation of a document, worked out once per parsed document and
 * schema: its connection fields (whose `first`/`last` are checked per request, as they may come
 * from variables) and the variables that feed a field whose cost is computed from its arguments
 * (the cost is remembered per value of those variables; cost functions read their arguments only,
 * never the caller).
 */
interface OperationAnalysis {
  operation: OperationDefinitionNode;
  document: DocumentNode;
  connections: { field: GraphQLField<unknown, unknown>; node: FieldNode; where: string }[];
  costVariables: string[];
  costs: Map<string, Measured>;
}

const analyses = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationAnalysis | null>>>();

/** Distinct cost-variable values remembered per operation (a bound on memory, not a tuning knob). */
const maxCachedCosts = 32;

function analyse(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): OperationAnalysis | null {
  let bySchema = analyses.get(schema);
  if (!bySchema) analyses.set(schema, (bySchema = new WeakMap()));
  let byName = bySchema.get(document);
  if (!byName) bySchema.set(document, (byName = new Map()));
  const key = operationName ?? '';
  if (byName.has(key)) return byName.get(key)!;
  const operation = getOperationAST(document, operationName);
  let analysis: OperationAnalysis | null = null;
  if (operation) {
    const single = operationDocument(document, operation);
    const connections: OperationAnalysis['connections'] = [];
    const costVariables = new Set<string>();
    const typeInfo = new TypeInfo(schema);
    visit(
      single,
      visitWithTypeInfo(typeInfo, {
        Field(node: FieldNode) {
          const field = typeInfo.getFieldDef();
          const parent = typeInfo.getParentType();
          if (!field || !parent) return;
          const cost = field.extensions?.complexity;
          if (typeof cost === 'function') {
            // The default cost reads `first`/`last` only; any other cost function, all its arguments.
            for (const argument of node.arguments ?? []) {
              if (cost !== fieldCost || argument.name.value === 'first' || argument.name.value === 'last') {
                visit(argument, { Variable: (variable) => void costVariables.add(variable.name.value) });
              }
            }
          }
          const named = getNamedType(field.type);
          if (!isObjectType(named) || !('edges' in named.getFields()) || !('pageInfo' in named.getFields())) return;
          if (!field.args.some((a) => a.name === 'first')) return;
          connections.push({ field, node, where: `${parent.name}.${field.name}` });
        },
      }),
    );
    analysis = { operation, document: single, connections, costVariables: [...costVariables], costs: new Map() };
  }
  byName.set(key, analysis);
  return analysis;
}

/** Connections must say how many they want (`first` or `last`), at most `max`. */
function pageSizeErrors(analysis: OperationAnalysis, variables: Record<string, unknown>, max: number): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const { field, node, where } of analysis.connections) {
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, node, variables);
    } catch {
      continue; // invalid arguments: execution reports them
    }
    const first = args.first as number | null | undefined;
    const last = args.last as number | null | undefined;
    if (first == null && last == null) {
      errors.push(
        limitError('PAGE_SIZE_REQUIRED', `${where} needs \`first\` or \`last\` (at most ${max}) to say how many items to return`, { field: where, maxPageSize: max }),
      );
    } else if ((first ?? 0) > max || (last ?? 0) > max) {
      errors.push(
        limitError('PAGE_SIZE_EXCEEDED', `${where} asks for ${Math.max(first ?? 0, last ?? 0)} items; at most ${max} per page: use \`after\` to page through the rest`, {
          field: where,
          requested: Math.max(first ?? 0, last ?? 0),
          maxPageSize: max,
        }),
      );
    } else if ((first ?? 0) < 0 || (last ?? 0) < 0) {
      errors.push(limitError('BAD_USER_INPUT', `${where}: \`first\`/\`last\` cannot be negative`, { field: where }));
    }
  }
  return errors;
}

/** Depth, breadth and cost of the operation: remembered per value of the variables its cost depends on. */
function measure(analysis: OperationAnalysis, schema: GraphQLSchema, variables: Record<string, unknown>, ctx: object): Measured {
  // An omitted variable is not a null one (its default applies).
  const key = analysis.costVariables.length ? JSON.stringify(analysis.costVariables.map((name) => (name in variables ? [variables[name]] : []))) : '';
  let measured = analysis.costs.get(key);
  if (!measured) {
    measured = complexityFromQuery(analysis.document, { schema, variables, ctx });
    if (analysis.costs.size >= maxCachedCosts) analysis.costs.clear();
    analysis.costs.set(key, measured);
  }
  return measured;
}

export interface QueryLimitsOptions {
  limits: QueryLimits;
  /** Introspection (__schema, __type) allowed; GraphiQL needs it. */
  introspection: boolean;
}

export function useQueryLimits({ limits, introspection }: QueryLimitsOptions): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parse(source, { ...options, maxTokens: limits.tokens });
        } catch (error) {
          if (error instanceof GraphQLError && /more tha[nt] \d+ tokens/.test(error.message)) {
            throw limitError('QUERY_TOO_LARGE', `The document has more than ${limits.tokens} tokens; send a smaller query`, { maxTokens: limits.tokens });
          }
          throw error;
        }
      });
      return ({ result, replaceParseResult }) => {
        if (!result || result instanceof Error) return;
        const aliases = countAliases(result as DocumentNode);
        if (aliases > limits.aliases) {
          replaceParseResult(
            limitError('TOO_MANY_ALIASES', `The document uses ${aliases} aliases; at most ${limits.aliases} are allowed`, { aliases, maxAliases: limits.aliases }),
          );
        }
      };
    },
    onValidate({ addValidationRule }) {
      if (!introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const analysis = analyse(args.schema, args.document, args.operationName);
      if (!analysis) return;
      const { operation } = analysis;
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const errors = pageSizeErrors(analysis, variables, limits.pageSize);
      if (errors.length) return setResultAndStopExecution({ errors });

      let measured: Measured;
      try {
        measured = measure(analysis, args.schema, variables, args.contextValue as object);
      } catch {
        return; // invalid variables: execution reports them
      }
      const { depth, breadth } = measured;
      const rootMutations = operation.operation === 'mutation' ? operation.selectionSet.selections.length : 0;
      const complexity = measured.complexity + rootMutations * mutationBaseCost;
      if (depth > limits.depth) {
        return setResultAndStopExecution({
          errors: [limitError('QUERY_TOO_DEEP', `The query nests ${depth} levels deep; at most ${limits.depth} are allowed`, { depth, maxDepth: limits.depth })],
        });
      }
      if (breadth > limits.breadth) {
        return setResultAndStopExecution({
          errors: [limitError('QUERY_TOO_BROAD', `The query selects ${breadth} fields; at most ${limits.breadth} are allowed`, { breadth, maxBreadth: limits.breadth })],
        });
      }
      if (complexity > limits.complexity) {
        return setResultAndStopExecution({
          errors: [
            limitError(
              'QUERY_TOO_COMPLEX',
              `The query costs ${complexity} points; at most ${limits.complexity} are allowed: ask for fewer items per page or fewer nested lists`,
              {
                cost: complexity,
                maxCost: limits.complexity,
              },
            ),
          ],
        });
      }
      operationCost.set(args.contextValue as object, Math.max(1, complexity));
    },
  };
}
