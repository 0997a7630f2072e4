// The change feed's queries: orderChanges, shipmentChanges, returnChanges, productChanges and
// inventoryLevelChanges — one connection per type, read with the type's own permission.
import { PothosValidationError } from '@pothos/core';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { Db } from '@orderly/schema';
import { builder } from '../../builder.ts';
import type { Permission } from '../auth/permissions.ts';
import { Order } from '../orders/order.type.ts';
import { Shipment } from '../shipping/shipping.graphql.ts';
import { Return } from '../returns/returns.graphql.ts';
import { Product } from '../catalog/product.type.ts';
import { InventoryLevel } from '../inventory/inventory.graphql.ts';
import { isUuid } from '../common/uuid.ts';
import { type ChangeFeedTable, type ChangePosition, changePage } from './changes.service.ts';

/** The cursor holds the row's "updatedAt" as it was served: the row's current one may be later. */
const encodeChangeCursor = (p: ChangePosition) => Buffer.from(`change:${p.updatedAt.toISOString()}:${p.id}`).toString('base64');

function decodeChangeCursor(cursor: string): ChangePosition {
  const match = /^change:(.+):([^:]+)$/.exec(Buffer.from(cursor, 'base64').toString());
  const updatedAt = match ? new Date(match[1]) : null;
  if (!match || !updatedAt || Number.isNaN(updatedAt.getTime()) || !isUuid(match[2])) throw new PothosValidationError('Invalid cursor');
  return { updatedAt, id: match[2] };
}

for (const model of ['Order', 'Shipment', 'Product'] as const) {
  builder.prismaObjectField(model, 'updatedAt', (t) =>
    t.expose('updatedAt', { type: 'DateTime', description: 'When this last changed (any write); the change feed (…Changes) is ordered by it.' }),
  );
}

type Ref = typeof Order | typeof Shipment | typeof Return | typeof Product | typeof InventoryLevel;

/** One change-feed query: `load` reads the page's rows with the selection the query asks for. */
function changeFeed(name: string, type: Ref, table: ChangeFeedTable, permission: Permission, load: (db: Db, query: object, ids: string[]) => Promise<{ id: string }[]>) {
  builder.queryField(name, (t) =>
    t.connection(
      {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one helper for five node types
        type: type as any,
        authScopes: { permission },
        description:
          `${table} rows in the order they last changed (updatedAt, then id), from updatedSince on. Keep the last endCursor and continue with after: ` +
          'a row changed while you page comes again later, none is skipped. Rows changed in the last moments appear once every transaction that was open then has ended.',
        args: { updatedSince: t.arg({ type: 'DateTime', description: 'Changes at or after this moment.' }) },
        resolve: async (_root, args, ctx, info) => {
          if (args.last != null || args.before != null) throw new PothosValidationError('The change feed is read forwards: use first and after');
          if (args.first == null || args.first < 0) throw new PothosValidationError('first must be 0 or more');
          const after = args.after ? decodeChangeCursor(args.after) : null;
          const page = await changePage(ctx.db, table, { since: args.updatedSince, after, first: args.first });
          const selection = queryFromInfo({ context: ctx, info, typeName: table, path: ['edges', 'node'] }) as { select?: object };
          // Select-mode types (Product) load only what is asked for: the id matches rows to positions.
          const query = selection.select ? { ...selection, select: { ...selection.select, id: true } } : selection;
          const rows = new Map(
            (
              await load(
                ctx.db,
                query,
                page.rows.map((r) => r.id),
              )
            ).map((row) => [row.id, row]),
          );
          // A row deleted between the two reads is left out; its position still moves the cursor on.
          const edges = page.rows.flatMap((p) => (rows.has(p.id) ? [{ cursor: encodeChangeCursor(p), node: rows.get(p.id)! }] : []));
          const last = page.rows.at(-1);
          return {
            edges,
            pageInfo: {
              hasNextPage: page.hasNextPage,
              hasPreviousPage: after !== null,
              startCursor: page.rows[0] ? encodeChangeCursor(page.rows[0]) : null,
              endCursor: last ? encodeChangeCursor(last) : null,
            },
          };
        },
      },
      { description: `A page of the ${table} change feed.` },
    ),
  );
}

changeFeed('orderChanges', Order, 'Order', 'orders:read', (db, query, ids) => db.order.findMany({ ...query, where: { id: { in: ids } } }));
changeFeed('shipmentChanges', Shipment, 'Shipment', 'shipments:read', (db, query, ids) => db.shipment.findMany({ ...query, where: { id: { in: ids } } }));
changeFeed('returnChanges', Return, 'Return', 'returns:read', (db, query, ids) => db.return.findMany({ ...query, where: { id: { in: ids } } }));
changeFeed('productChanges', Product, 'Product', 'products:read', (db, query, ids) => db.product.findMany({ ...query, where: { id: { in: ids } } }));
changeFeed('inventoryLevelChanges', InventoryLevel, 'InventoryLevel', 'inventory:read', (db, query, ids) =>
  db.inventoryLevel.findMany({ ...query, where: { id: { in: ids } } }),
);
