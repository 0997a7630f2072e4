import type { PluralMessage } from '../types';

/**
 * English: the reference dictionary. Its keys and value kinds (string vs plural) are the type every
 * other dictionary must match exactly (see ./index.ts), so a missing translation fails `tsc`.
 * Placeholders: {name}; plural messages get {count}.
 */
export const en = {
  'app.name': 'Orderly',
  'app.loading': 'Loading…',
  'app.skipToContent': 'Skip to content',
  'nav.main': 'Main',
  'nav.orders': 'Orders',
  'language.label': 'Language',

  'queue.title': 'Order queue',
  'queue.subtitle': 'Most urgent first',
  'queue.refresh': 'Refresh',
  'queue.updating': 'Updating…',
  'queue.filter.label': 'Filter by status',
  'queue.filter.all': 'All',
  'queue.filter.chipLabel': '{status}: {count}',
  'queue.loading': 'Loading orders…',
  'queue.loadMore': 'Load more',
  'queue.loadingMore': 'Loading more orders…',
  'queue.loadMoreError': 'Couldn’t load more orders.',
  'queue.end': { one: 'That’s all: {count} order', other: 'That’s all: {count} orders' } as PluralMessage,
  'queue.empty.title': 'No orders here',
  'queue.empty.body': 'Nothing to pick, pack or ship right now.',
  'queue.empty.bodyFiltered': 'No orders with the status “{status}”.',
  'queue.empty.showAll': 'Show all orders',
  'queue.error.title': 'Couldn’t load orders',
  'queue.error.network': 'No connection to the server. Check the network and try again.',
  'queue.error.server': 'The server returned an error. Try again in a moment.',
  'queue.error.details': 'Technical details',
  'queue.error.retry': 'Try again',
  'queue.error.retrying': 'Trying again…',

  'order.number': 'Order #{number}',
  'order.shipBy': 'Ship by',
  'order.shipBy.none': 'No ship-by date',
  'order.overdue': 'Overdue',
  'order.lateRisk': 'Late risk',
  'order.items': { one: '{count} item', other: '{count} items' } as PluralMessage,
  'order.total': 'Total',
  'order.destination': 'Destination',

  'channel.ozon': 'Ozon',
  'channel.manual': 'Manual',

  'status.NEW': 'New',
  'status.CONFIRMED': 'Confirmed',
  'status.ON_HOLD': 'On hold',
  'status.PICKING': 'Picking',
  'status.PACKED': 'Packed',
  'status.READY_TO_SHIP': 'Ready to ship',
  'status.SHIPPED': 'Shipped',
  'status.IN_TRANSIT': 'In transit',
  'status.DELIVERED': 'Delivered',
  'status.COMPLETED': 'Completed',
  'status.CANCELLED': 'Cancelled',
  'status.EXCEPTION': 'Problem',
  'status.RETURN_REQUESTED': 'Return requested',
  'status.RETURNED': 'Returned',
  'status.unknown': 'Unknown status',

  'pwa.updateAvailable': 'A new version of Orderly is available.',
  'pwa.update': 'Update',
  'pwa.later': 'Later',

  'notFound.title': 'Page not found',
  'notFound.body': 'This page doesn’t exist.',
  'notFound.back': 'Go to the order queue',
};
