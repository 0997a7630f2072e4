import type { RoutePreloadFunc, RoutePreloadFuncArgs } from '@solidjs/router';
import type { AnyVariables, DocumentInput } from '@urql/core';
import { useClient } from '@urql/solid';

/**
 * A route's `preload` (@solidjs/router calls it when the route is entered, and when the mouse rests
 * on a link to it): the page's query starts alongside the page's chunk instead of after it, so
 * urql's cache holds the answer (or the request is already on its way — urql sends one request for
 * both) when the page's createQuery asks. `load` imports the page's *.graphql.ts module (its own
 * small chunk: the main bundle does not carry the documents) and `document` picks the query in it;
 * `variables` must be the page's own, to meet the same cache entry. They are read at once: the
 * router's params are the next route's only until the navigation ends.
 */
export function preloadQuery<M>(
  load: () => Promise<M>,
  document: (module: M) => DocumentInput<unknown, AnyVariables>,
  variables: (args: RoutePreloadFuncArgs) => AnyVariables = () => ({}),
): RoutePreloadFunc {
  return (args) => {
    const client = useClient();
    const vars = variables(args);
    void load()
      .then((module) => client.query(document(module), vars, { requestPolicy: 'cache-first' }).toPromise())
      .catch(() => {}); // the page asks again and shows what went wrong
  };
}
