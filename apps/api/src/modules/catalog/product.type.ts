import { builder } from '../../builder.ts';
import { Money, money } from '../common/money.ts';

export const Product = builder.prismaNode('Product', {
  id: { field: 'id' },
  // Select mode: a query loads the columns its fields ask for (an order page's lines load a
  // product's name and barcodes, not its description, attributes and images), and always its name,
  // read by a plain resolver (no per-row loader-mapping lookup: see Order, issue 11).
  select: { name: true },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'products:read' },
  description: 'A sellable item of the catalogue (one SKU).',
  fields: (t) => ({
    sku: t.exposeString('sku'),
    name: t.string({ resolve: (p) => p.name }),
    description: t.exposeString('description'),
    price: t.field({
      type: Money,
      select: { priceAmount: true, currency: true },
      resolve: (p) => money(p.priceAmount, p.currency),
    }),
    weightGrams: t.exposeInt('weightGrams', { nullable: true }),
    imageUrls: t.exposeStringList('imageUrls'),
    barcodes: t.field({
      type: ['String'],
      select: { barcodes: { select: { code: true }, orderBy: { code: 'asc' } } },
      resolve: (p) => p.barcodes.map((b) => b.code),
    }),
    lowStockThreshold: t.exposeInt('lowStockThreshold'),
    active: t.exposeBoolean('active'),
  }),
});
