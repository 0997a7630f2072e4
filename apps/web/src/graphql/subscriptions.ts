// The live (SSE) subscriptions' documents live in subscriptions.graphql.ts (every document of the app is in
// a *.graphql.ts module: the persisted-documents manifest is built from those).
export { OrderChangedSubscription, OrderQueueChangedSubscription, type OrderChangedData, type OrderQueueChangedData } from './subscriptions.graphql';

/** The order in a live message is what the screen shows already (same version and status). */
export function isShown(changed: { status: string; version: number } | null | undefined, shown: { status: string; version: number } | null | undefined): boolean {
  return !!changed && !!shown && changed.version === shown.version && changed.status === shown.status;
}
