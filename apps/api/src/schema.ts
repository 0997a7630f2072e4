// The GraphQL schema: the builder plus every module's types and fields, with the read permission of
// each type enforced on the fields leading to it (modules/auth/guard.ts). Only imports belong here.
import { builder } from './builder.ts';
import { enforceReadPermissions } from './modules/auth/guard.ts';
import './modules/common/scalars.ts';
import './modules/catalog/product.type.ts';
import './modules/catalog/product-content.graphql.ts';
import './modules/orders/order.type.ts';
import './modules/orders/order.queries.ts';
import './modules/orders/order.mutations.ts';
import './modules/inventory/inventory.graphql.ts';
import './modules/auth/auth.graphql.ts';
import './modules/customers/customers.graphql.ts';
import './modules/picking/picking.graphql.ts';
import './modules/packing/packing.graphql.ts';
import './modules/shipping/shipping.graphql.ts';
import './modules/tracking/tracking.graphql.ts';
import './modules/delivery/delivery.graphql.ts';
import './modules/exceptions/exceptions.graphql.ts';
import './modules/exceptions/evidence.graphql.ts';
import './modules/returns/returns.graphql.ts';
import './modules/returns/return-stats.graphql.ts';
import './modules/notifications/notifications.graphql.ts';
import './modules/printing/printing.graphql.ts';
import './modules/webhooks/webhooks.graphql.ts';
import './modules/jobs/jobs.graphql.ts';
import './modules/marketplaces/marketplaces.graphql.ts';
import './modules/marketplaces/ozon-documents.graphql.ts';
import './modules/marketplaces/marking.graphql.ts';
import './modules/consolidation/consolidation.graphql.ts';
import './modules/marketplaces/marketplace-health.graphql.ts';
import './modules/marketplaces/ozon-breaker.graphql.ts';
import './modules/live/live.graphql.ts';
import './modules/changes/changes.graphql.ts';

export const schema = enforceReadPermissions(builder.toSchema({ sortSchema: true }));
