// The GraphQL schema: the builder plus every module's types and fields. Only imports belong here.
import { builder } from './builder.ts';
import './modules/common/scalars.ts';
import './modules/catalog/product.type.ts';
import './modules/orders/order.type.ts';
import './modules/orders/order.queries.ts';
import './modules/orders/order.mutations.ts';
import './modules/inventory/inventory.graphql.ts';

export const schema = builder.toSchema({ sortSchema: true });
