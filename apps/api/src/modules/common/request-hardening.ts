// Requests a client can get wrong in ways graphql-yoga would answer with HTTP 500, answered with
// 400 and a message instead; and no schema hints for those who may not read the schema.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * `variables` / `extensions` of a GET (or form) request, or the `operations` of a multipart upload,
 * that are not JSON: yoga's parser lets the SyntaxError escape (a 500).
 */
export function useMalformedParamsErrors(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw createGraphQLError(`The request's variables, extensions or operations are not valid JSON (${error.message})`, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
    },
  };
}

/**
 * A document whose values nest so deeply (`{a:{a:{a:…`) that the recursive parser runs out of
 * stack: within the token limit, ~2 000 levels do. graphql-js reports a RangeError (a 500); it
 * becomes a parse error like any other (400, or 200 when the client accepts only application/json,
 * as the GraphQL-over-HTTP spec has it).
 */
export function useParseDepthErrors(): Plugin {
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof RangeError) {
          replaceParseResult(
            createGraphQLError('The document nests too deeply to be parsed; send a flatter one', { extensions: { code: 'QUERY_TOO_DEEP', http: { status: 400 } } }),
          );
        }
      };
    },
  };
}

/** " Did you mean "orders" or "order"?" / " Did you mean the enum value "NEW"?" at the end of a message. */
const suggestion = / ?Did you mean [^?]*\?$/;

function withoutSuggestions(result: unknown) {
  for (const error of (result as { errors?: { message: string }[] } | null)?.errors ?? []) error.message = error.message.replace(suggestion, '');
}

/**
 * No "Did you mean …?" in validation and variable errors: with introspection off they would tell
 * anyone (anonymous callers too) the names of fields, arguments, types and enum values.
 */
export function useHiddenSuggestions(): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, options, typeInfo) => validateFn(schema, document, rules, { ...options, hideSuggestions: true }, typeInfo));
    },
    // Variable errors: @graphql-tools/executor coerces enum values without passing hideSuggestions
    // on, so what it reports is cleaned instead.
    onExecute() {
      return { onExecuteDone: ({ result }) => withoutSuggestions(result) };
    },
    onSubscribe() {
      return { onSubscribeResult: ({ result }) => withoutSuggestions(result) };
    },
  };
}
