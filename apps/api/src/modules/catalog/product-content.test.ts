// The catalogue's content through the GraphQL endpoint on the real database: creating, changing,
// archiving and importing products (typed errors with field paths, idempotency keys), revisions
// with field-level diffs, the content check and its filter, photos in a throw-away uploads folder,
// who may do it, and archived products refused by createOrder.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createProduct as createFixtureProduct, createWarehouse } from '../../testing/fixtures.ts';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { runWebhookDispatcher } from '../webhooks/dispatcher.ts';

const E = 'userErrors { code field message }';
const PRODUCT = `id sku name description price { minorUnits currency } barcodes weightGrams lowStockThreshold active archivedAt revision
  translations { locale name description } attributes { key value } dimensions { lengthMm widthMm heightMm }
  contentIssues { code locale }`;
const CREATE = `mutation($input: CreateProductInput!, $key: String) { createProduct(input: $input, idempotencyKey: $key) { outcome product { ${PRODUCT} } ${E} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateProductInput!, $rev: Int, $key: String) {
  updateProduct(id: $id, input: $input, expectedRevision: $rev, idempotencyKey: $key) { outcome product { ${PRODUCT} } ${E} } }`;
const ARCHIVE = `mutation($id: ID!) { archiveProduct(id: $id) { outcome product { active archivedAt revision } ${E} } }`;
const RESTORE = `mutation($id: ID!) { restoreProduct(id: $id) { outcome product { active archivedAt } ${E} } }`;
const IMPORT = `mutation($rows: [ImportProductInput!]!, $key: String) { importProducts(products: $rows, idempotencyKey: $key) {
  createdCount updatedCount unchangedCount failedCount results { index sku outcome product { sku name revision } ${E} } } }`;
const REVISIONS = `query($id: ID!) { node(id: $id) { ... on Product { revisions(first: 10) { edges { node { number kind actor source createdAt changes { field before after } } } } } } }`;
const LIST = `query($filter: ProductFilter) { products(first: 100, filter: $filter) { edges { node { sku } } } }`;
const ORDER = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { id } ${E} } }`;
const PHOTO = `mutation($input: AddProductPhotoInput!, $key: String) { addProductPhoto(input: $input, idempotencyKey: $key) {
  outcome product { photos { id fileName contentType byteSize position } contentIssues { code locale } revision } ${E} } }`;

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const long = (text: string, n: number) => text.padEnd(n, '.');
/** Content that passes the content check in every language. */
const complete = {
  translations: [
    { locale: 'ru', name: 'Термокружка стальная 450 мл', description: long('Двойные стенки, держит тепло шесть часов, крышка без протечек', 70) },
    { locale: 'zh_CN', name: '不锈钢保温杯 450毫升', description: '双层真空结构，保温六小时，杯盖密封不漏水，适合通勤和户外使用。' },
    { locale: 'en', name: 'Steel travel mug 450 ml', description: long('Double walls keep drinks hot for six hours; the lid does not leak', 70) },
  ],
  dimensions: { lengthMm: 90, widthMm: 90, heightMm: 210 },
  weightGrams: 380,
  imageUrls: ['https://cdn.example.com/mug.jpg'],
};

let seq = 0;
const sku = (prefix = 'MUG') => `${prefix}-${Date.now().toString(36)}-${seq++}`;
/** A valid EAN-13 (check digit computed) with a unique body. */
function ean13(): string {
  const body = `460${String(Date.now() % 1_000_000_000).padStart(9, '0')}`.slice(0, 12);
  const n = (Number(body.slice(-4)) + seq++) % 10_000;
  const digits = body.slice(0, 8) + String(n).padStart(4, '0');
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return digits + ((10 - (sum % 10)) % 10);
}

describe('the catalogue: products, revisions, content check', () => {
  let database: TestDatabase;
  let manager: TestClient;
  let uploads: string;
  let previousUploads: string | undefined;

  beforeAll(async () => {
    previousUploads = process.env.UPLOADS_DIR;
    uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-products-'));
    process.env.UPLOADS_DIR = uploads;
    database = await createTestDatabase();
    manager = createTestClient(database.prisma, { roles: ['MANAGER'] });
    await createWarehouse(database.prisma);
  });
  afterAll(async () => {
    await database.drop();
    if (previousUploads === undefined) delete process.env.UPLOADS_DIR;
    else process.env.UPLOADS_DIR = previousUploads;
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  async function create(input: Record<string, unknown>, client = manager, key?: string) {
    const r = await client(CREATE, { input: { name: 'Термокружка', price: 990_00, currency: 'RUB', ...input }, key });
    expect(r.errors).toBeUndefined();
    return r.data.createProduct;
  }

  it('a manager creates a product with its content; revision 1 lists every field; the content check finds nothing missing', async () => {
    const { userId } = await manager.ready;
    const code = ean13();
    const s = sku();
    const r = await create({ sku: s, barcodes: [code], attributes: [{ key: 'colour', value: 'black' }], lowStockThreshold: 5, ...complete });
    expect(r.userErrors).toEqual([]);
    expect(r.outcome).toBe('CREATED');
    expect(r.product).toMatchObject({
      sku: s,
      price: { minorUnits: 990_00, currency: 'RUB' },
      barcodes: [code],
      weightGrams: 380,
      lowStockThreshold: 5,
      active: true,
      archivedAt: null,
      revision: 1,
      attributes: [{ key: 'colour', value: 'black' }],
      dimensions: { lengthMm: 90, widthMm: 90, heightMm: 210 },
      contentIssues: [],
    });
    expect(r.product.translations.map((t: { locale: string }) => t.locale)).toEqual(['ru', 'zh_CN', 'en']);

    const revisions = (await manager(REVISIONS, { id: r.product.id })).data.node.revisions.edges.map((e: { node: unknown }) => e.node);
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ number: 1, kind: 'CREATED', actor: `user:${userId}`, source: 'createProduct' });
    const fields = revisions[0].changes.map((c: { field: string }) => c.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'sku',
        'name',
        'price',
        'barcodes',
        'translations.ru.name',
        'translations.zh-CN.description',
        'attributes.colour',
        'dimensions',
        'weightGrams',
      ]),
    );
    expect(revisions[0].changes.find((c: { field: string }) => c.field === 'price')).toEqual({
      field: 'price',
      before: null,
      after: { minorUnits: 990_00, currency: 'RUB' },
    });
  });

  it('bad input: every problem at once with its field path (taken SKU and barcode, wrong check digit, negative price and size), nothing written', async () => {
    const existing = await createFixtureProduct(database.prisma);
    const before = await database.prisma.product.count();
    const r = await create({
      sku: existing.sku,
      price: -1,
      currency: 'XXX',
      barcodes: ['4607000010019', `BC-${existing.sku}`, 'ok-code', 'ok-code'],
      dimensions: { lengthMm: -5, widthMm: 10, heightMm: 10 },
      weightGrams: 0,
      translations: [
        { locale: 'ru', name: 'Кружка' },
        { locale: 'ru', name: 'Кружка 2' },
      ],
    });
    expect(r.product).toBeNull();
    const errors = r.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join('.')]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['INVALID_AMOUNT', 'input.price'],
        ['UNKNOWN_CURRENCY', 'input.currency'],
        ['INVALID_BARCODE', 'input.barcodes.0'],
        ['DUPLICATE_BARCODE', 'input.barcodes.3'],
        ['INVALID_INPUT', 'input.translations.1.locale'],
        ['INVALID_INPUT', 'input.dimensions.lengthMm'],
        ['INVALID_INPUT', 'input.weightGrams'],
      ]),
    );
    // Once the input itself is sound, the catalogue is checked: the SKU and the barcode are taken.
    const taken = await create({ sku: existing.sku, barcodes: [`BC-${existing.sku}`] });
    expect(taken.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join('.')])).toEqual([
      ['DUPLICATE_SKU', 'input.sku'],
      ['DUPLICATE_BARCODE', 'input.barcodes.0'],
    ]);
    // A new SKU equal to another product's barcode would make scans ambiguous.
    const asBarcode = await create({ sku: `BC-${existing.sku}` });
    expect(asBarcode.userErrors.map((e: { code: string }) => e.code)).toEqual(['DUPLICATE_SKU']);
    expect(await database.prisma.product.count()).toBe(before);
  });

  it('an idempotency key replays the first result; reused with other input it is refused; the same SKU twice at once creates one product', async () => {
    const s = sku();
    const key = `create-${s}`;
    const first = await create({ sku: s }, manager, key);
    const again = await create({ sku: s }, manager, key);
    expect(again).toEqual(first);
    const reused = await create({ sku: `${s}-other` }, manager, key);
    expect(reused.userErrors.map((e: { code: string }) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);

    const racing = sku('RACE');
    const both = await Promise.all([create({ sku: racing }), create({ sku: racing })]);
    expect(both.map((b) => b.outcome ?? b.userErrors[0].code).sort()).toEqual(['CREATED', 'DUPLICATE_SKU']);
    expect(await database.prisma.product.count({ where: { sku: racing } })).toBe(1);
  });

  it('updates keep a field-level revision; an update that changes nothing writes nothing; a stale revision is refused', async () => {
    const created = (await create({ sku: sku(), attributes: [{ key: 'colour', value: 'black' }], ...complete })).product;
    const code = ean13();
    const r = await manager(UPDATE, {
      id: created.id,
      rev: 1,
      input: {
        price: 1_090_00,
        barcodes: [code],
        attributes: [
          { key: 'colour', value: 'red' },
          { key: 'size', value: 'L' },
        ],
        translations: [...complete.translations.slice(0, 2), { locale: 'en', name: 'Steel travel mug, 450 ml', description: complete.translations[2]!.description }],
      },
    });
    expect(r.data.updateProduct.userErrors).toEqual([]);
    expect(r.data.updateProduct).toMatchObject({ outcome: 'UPDATED', product: { revision: 2, barcodes: [code], price: { minorUnits: 1_090_00 } } });

    const revisions = (await manager(REVISIONS, { id: created.id })).data.node.revisions.edges.map((e: { node: { number: number } }) => e.node);
    expect(revisions.map((x: { number: number }) => x.number)).toEqual([2, 1]);
    expect(revisions[0].kind).toBe('UPDATED');
    expect(revisions[0].source).toBe('updateProduct');
    expect(revisions[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'price', before: { minorUnits: 990_00, currency: 'RUB' }, after: { minorUnits: 1_090_00, currency: 'RUB' } },
        { field: 'barcodes', before: created.barcodes, after: [code] },
        { field: 'attributes.colour', before: 'black', after: 'red' },
        { field: 'attributes.size', before: null, after: 'L' },
        { field: 'translations.en.name', before: 'Steel travel mug 450 ml', after: 'Steel travel mug, 450 ml' },
      ]),
    );
    expect(revisions[0].changes).toHaveLength(5);

    const same = await manager(UPDATE, {
      id: created.id,
      input: {
        price: 1_090_00,
        attributes: [
          { key: 'size', value: 'L' },
          { key: 'colour', value: 'red' },
        ],
      },
    });
    expect(same.data.updateProduct).toMatchObject({ outcome: 'UNCHANGED', product: { revision: 2 }, userErrors: [] });

    const stale = await manager(UPDATE, { id: created.id, rev: 1, input: { name: 'Другое имя' } });
    expect(stale.data.updateProduct.userErrors).toEqual([{ code: 'STALE_VERSION', field: ['expectedRevision'], message: expect.any(String) }]);
    expect(await database.prisma.productRevision.count({ where: { product: { sku: created.sku } } })).toBe(2);

    // Each revision is announced to webhook subscribers (product.updated), with the changed field paths.
    const rawId = Buffer.from(created.id, 'base64').toString().split(':')[1]!;
    const events = await database.prisma.outboxEvent.findMany({ where: { aggregateType: 'Product', aggregateId: rawId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['product.updated', 'product.updated']);
    expect(events[1]!.payload).toEqual({
      productId: rawId,
      sku: created.sku,
      kind: 'UPDATED',
      fields: expect.arrayContaining(['price', 'barcodes', 'attributes.size', 'translations.en.name']),
      source: 'updateProduct',
      productRevision: 2,
    });
  });

  it('the content check names what a card lacks, per language; the products filter finds them', async () => {
    const bare = (await create({ sku: sku('BARE'), translations: [{ locale: 'ru', name: 'Кружка', description: 'Хорошая' }] })).product;
    expect(bare.contentIssues).toEqual([
      { code: 'SHORT_TITLE', locale: 'ru' },
      { code: 'SHORT_DESCRIPTION', locale: 'ru' },
      { code: 'MISSING_TRANSLATION', locale: 'zh_CN' },
      { code: 'MISSING_TRANSLATION', locale: 'en' },
      { code: 'MISSING_PHOTOS', locale: null },
      { code: 'MISSING_WEIGHT', locale: null },
      { code: 'MISSING_DIMENSIONS', locale: null },
    ]);
    const full = (await create({ sku: sku('FULL'), ...complete })).product;
    const listed = async (filter: Record<string, unknown>) =>
      (await manager(LIST, { filter })).data.products.edges.map((e: { node: { sku: string } }) => e.node.sku) as string[];
    const withIssues = await listed({ hasContentIssues: true });
    expect(withIssues).toContain(bare.sku);
    expect(withIssues).not.toContain(full.sku);
    expect(await listed({ hasContentIssues: false })).toContain(full.sku);
    expect(await listed({ search: bare.sku.toLowerCase() })).toEqual([bare.sku]);

    const fixed = await manager(UPDATE, { id: bare.id, input: complete });
    expect(fixed.data.updateProduct.product.contentIssues).toEqual([]);
    expect(await listed({ hasContentIssues: true })).not.toContain(bare.sku);
  });

  it('an archived product is not offered for new orders and leaves the list; restored, it is again', async () => {
    const product = (await create({ sku: sku('ARCH') })).product;
    const order = (s: string) =>
      manager(ORDER, {
        input: {
          channel: 'manual',
          currency: 'RUB',
          shippingAddress: { name: 'Анна Смирнова', address1: 'ул. Тверская, д. 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' },
          lines: [{ sku: s, quantity: 1 }],
        },
      });
    const archived = await manager(ARCHIVE, { id: product.id });
    expect(archived.data.archiveProduct).toMatchObject({ outcome: 'UPDATED', product: { active: false, archivedAt: expect.any(String), revision: 2 }, userErrors: [] });
    expect((await manager(ARCHIVE, { id: product.id })).data.archiveProduct.outcome).toBe('UNCHANGED');

    const refused = await order(product.sku);
    expect(refused.data.createOrder).toEqual({
      order: null,
      userErrors: [{ code: 'PRODUCT_ARCHIVED', field: ['input', 'lines', '0', 'sku'], message: expect.any(String) }],
    });
    const listed = async (filter: Record<string, unknown>) => (await manager(LIST, { filter })).data.products.edges.map((e: { node: { sku: string } }) => e.node.sku);
    expect(await listed({ search: product.sku })).toEqual([]);
    expect(await listed({ search: product.sku, archived: true })).toEqual([product.sku]);

    expect((await manager(RESTORE, { id: product.id })).data.restoreProduct.product).toEqual({ active: true, archivedAt: null });
    expect((await order(product.sku)).data.createOrder.userErrors).toEqual([]);
    const kinds = (await manager(REVISIONS, { id: product.id })).data.node.revisions.edges.map((e: { node: { kind: string } }) => e.node.kind);
    expect(kinds).toEqual(['RESTORED', 'ARCHIVED', 'CREATED']);
  });

  it('importProducts: per-row results (created, updated, unchanged, errors with row paths); repeating it with its key changes nothing', async () => {
    const existing = (await create({ sku: sku('IMP') })).product;
    const fresh = sku('IMP-NEW');
    const rows = [
      { sku: fresh, name: 'Новая кружка', price: 500_00, currency: 'RUB', ...complete },
      { sku: existing.sku, name: 'Термокружка XL' },
      { sku: existing.sku, name: 'Термокружка XL' },
      { sku: sku('IMP-BAD'), name: 'Без цены', barcodes: ['4607000010013'] },
    ];
    const key = `import-${fresh}`;
    const r = await manager(IMPORT, { rows, key });
    expect(r.errors).toBeUndefined();
    const p = r.data.importProducts;
    expect(p).toMatchObject({ createdCount: 1, updatedCount: 1, unchangedCount: 1, failedCount: 1 });
    expect(p.results.map((x: { outcome: string | null }) => x.outcome)).toEqual(['CREATED', 'UPDATED', 'UNCHANGED', null]);
    expect(p.results[1].product).toEqual({ sku: existing.sku, name: 'Термокружка XL', revision: 2 });
    expect(p.results[3].userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join('.')])).toEqual(
      expect.arrayContaining([
        ['INVALID_AMOUNT', 'products.3.price'],
        ['UNKNOWN_CURRENCY', 'products.3.currency'],
      ]),
    );
    expect(p.results[3].userErrors.map((e: { code: string }) => e.code)).not.toContain('INVALID_BARCODE');

    const revisionsBefore = await database.prisma.productRevision.count();
    const again = await manager(IMPORT, { rows, key });
    expect(again.data.importProducts.results.map((x: { outcome: string | null }) => x.outcome)).toEqual(['CREATED', 'UPDATED', 'UNCHANGED', null]);
    expect(await database.prisma.productRevision.count()).toBe(revisionsBefore);
    expect(await database.prisma.product.count({ where: { sku: fresh } })).toBe(1);
    // Without a key a repeat is still harmless: the rows match, nothing is written.
    const plain = await manager(IMPORT, { rows: rows.slice(0, 2) });
    expect(plain.data.importProducts.results.map((x: { outcome: string }) => x.outcome)).toEqual(['UNCHANGED', 'UNCHANGED']);
  });

  it('photos: stored with the packing photos, typed by their bytes, listed, revisioned; a non-image is refused', async () => {
    const product = (await create({ sku: sku('PHOTO'), ...complete, imageUrls: [] })).product;
    expect(product.contentIssues).toEqual([{ code: 'MISSING_PHOTOS', locale: null }]);
    const upload = async (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: PHOTO, variables: { input: { productId: product.id, file: null } } }));
      form.set('map', JSON.stringify({ 0: ['variables.input.file'] }));
      form.set('0', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name);
      const response = await manager.fetch('/graphql', { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      return body.data.addProductPhoto;
    };
    const added = await upload(png, 'front.jpg');
    expect(added.userErrors).toEqual([]);
    expect(added.product).toMatchObject({
      photos: [{ fileName: 'front.jpg', contentType: 'image/png', byteSize: png.length, position: 1 }],
      contentIssues: [],
      revision: 2,
    });
    expect(fs.readdirSync(path.join(uploads, 'products'))).toHaveLength(1);
    const file = await manager(`query($id: ID!) { productPhotoFile(id: $id) { contentType content } }`, { id: added.product.photos[0].id });
    expect(Buffer.from(file.data.productPhotoFile.content, 'base64')).toEqual(png);

    const refused = await upload(Buffer.from('not an image'), 'notes.jpg');
    expect(refused.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join('.')])).toEqual([['INVALID_FILE', 'input.file']]);
    expect(await database.prisma.productPhoto.count({ where: { product: { sku: product.sku } } })).toBe(1);
  });

  it('an integrator subscribed to PRODUCT_UPDATED receives each change with the changed fields', async () => {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const erp = createTestClient(database.prisma, { apiKeyScopes: ['write_products', 'write_webhooks'] });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const sub = await erp(`mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { ${E} } }`, {
        input: { url, eventTypes: ['PRODUCT_UPDATED'] },
      });
      expect(sub.data.createWebhookSubscription.userErrors).toEqual([]);
      const product = (await create({ sku: sku('HOOK') }, erp)).product;
      expect((await erp(UPDATE, { id: product.id, input: { weightGrams: 420 } })).data.updateProduct.outcome).toBe('UPDATED');

      await runWebhookDispatcher(database.prisma, { policy: { allowPrivate: true, requireHttps: false, allowedHosts: [] }, log: () => {} });
      // Deliveries run in parallel: they may arrive in any order (productRevision orders them).
      const received = bodies
        .map((b) => JSON.parse(b))
        .filter((b) => b.data.sku === product.sku)
        .sort((a, b) => a.data.productRevision - b.data.productRevision);
      expect(received.map((b) => [b.type, b.data.kind, b.data.productRevision])).toEqual([
        ['product.updated', 'CREATED', 1],
        ['product.updated', 'UPDATED', 2],
      ]);
      expect(received[1].data).toMatchObject({ productId: product.id, fields: ['weightGrams'], source: 'updateProduct' });
    } finally {
      await database.prisma.webhookSubscription.updateMany({ data: { active: false } });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('who may: managers and write_products keys change the catalogue; pickers and read_products keys may not', async () => {
    const picker = createTestClient(database.prisma, { roles: ['PICKER'] });
    const reader = createTestClient(database.prisma, { apiKeyScopes: ['read_products'] });
    const writer = createTestClient(database.prisma, { apiKeyScopes: ['write_products'] });
    for (const client of [picker, reader]) {
      const r = await client(CREATE, { input: { sku: sku('NO'), name: 'Нет', price: 1, currency: 'RUB' } });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const ok = await create({ sku: sku('KEY') }, writer);
    expect(ok.userErrors).toEqual([]);
    const { apiKeyId } = await writer.ready;
    const revisions = (await writer(REVISIONS, { id: ok.product.id })).data.node.revisions.edges;
    expect(revisions[0].node.actor).toBe(`apikey:${apiKeyId}`);
    // Reading the catalogue and its content check needs products:read only.
    expect((await reader(LIST, { filter: { hasContentIssues: true } })).errors).toBeUndefined();
  });
});
