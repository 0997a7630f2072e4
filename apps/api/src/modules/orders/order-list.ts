// The floor's order list at any size: keyset pages on (shipBy, id) and searches by exact keys,
// each answered by an index (plans are asserted in orders.search.test.ts). Prisma's cursor cannot
// say `(shipBy, id) > (…)`, so the page of ids comes from SQL; the rows come in the same
// statement as JSON when the selection allows (pageRowsSql), else from Prisma.
import { PothosValidationError } from '@pothos/core';
import { Prisma, type Db, type HoldReason, type OrderStatus } from '@orderly/schema';
import { getDatamodel } from '@orderly/schema/pothos-types';
import { awaitingDomesticStatuses, overdueBefore } from '../consolidation/consolidation.service.ts';
import { isUuid } from '../common/uuid.ts';

export interface OrderFilter {
  status?: OrderStatus[] | null;
  channel?: string[] | null;
  holdReason?: HoldReason[] | null;
  shipByBefore?: Date | null;
  search?: string | null;
  /** true: only orders with a domestic (in-China) parcel overdue at `now`; false: only the others. */
  domesticOverdue?: boolean | null;
  /** The moment domesticOverdue is judged at (the request's clock). */
  now?: Date;
}

export interface OrderListOptions {
  /** Search recipient names and phones too (buyer data: callers with customers:read_pii only). */
  searchBuyerData: boolean;
}

/** What Pothos' cursor connection asks for, in Prisma's terms (negative take = backwards). */
export interface PageQuery {
  cursor?: { id?: string };
  take: number;
}

/** totalCount is exact up to this many orders; above it (filters other than status) an estimate. */
const EXACT_COUNT_LIMIT = 1000;

const { sql, join, raw, empty } = Prisma;
const numberPattern = /^#?(\d{1,9})$/;
/** A phone as people type it: digits with the usual separators, at least ten digits. */
const phonePattern = /^\+?[\d\s().-]+$/;
// The same expression as the index "Order_shipPhone_key_idx" (migration orders_scale_indexes).
const phoneKey = (value: Prisma.Sql) => sql`right(regexp_replace(${value}, '\\D', '', 'g'), 10)`;
// The same expression as the index "Order_shipName_words_idx" (migration order_name_words): the
// recipient name's words, lower case, "ё" read as "е".
const nameWords = raw(`to_tsvector('simple', translate(o."shipName", 'Ёё', 'Ее'))`);
/** A last word this long or longer is matched as a prefix (shorter ones would expand to much of the index). */
const MIN_NAME_PREFIX = 3;
/** Words of the search term, each letters, digits and marks (nothing a tsquery would read as syntax). */
const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * The tsquery text of a recipient-name search: every word of the term, in any order, the last one
 * as a prefix while it may still be being typed ("Зоя Кузн" finds "Зоя Кузнецова"); null for a
 * term without letters (numbers, phones and posting numbers are not names).
 */
function nameQuery(term: string): string | null {
  if (!/\p{L}/u.test(term)) return null;
  const words = (term.match(wordPattern) ?? []).slice(0, 8);
  return words.map((word, i) => (i === words.length - 1 && [...word].length >= MIN_NAME_PREFIX ? `${word}:*` : word)).join(' & ');
}

/** LIKE/ILIKE pattern text for a literal: backslash, % and _ escaped (backslash is LIKE's escape). */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The page orderIdPageSql asks a search for: its direction, size and the cursor's keyset condition. */
interface SkuPage {
  direction: Prisma.Sql;
  limit: number;
  /** `(shipBy, id) > cursor` (or `<` backwards) for the given columns; null on the first page. */
  after: ((shipBy: Prisma.Sql, id: Prisma.Sql) => Prisma.Sql) | null;
}

/**
 * One page of a SKU's orders (id, shipBy), walked in (shipBy, orderId) order along the
 * (lower(sku), shipBy, orderId) index — OrderLine."shipBy" is its order's copy, kept by triggers —
 * and stopped after `limit` orders. Sorting all of them instead read every order that ever sold
 * the SKU (~1 000 at a million orders) for a page of 20. DISTINCT: an order may hold the SKU twice.
 */
function skuPage(skuMatch: Prisma.Sql, conditions: Prisma.Sql[], { direction, limit, after }: SkuPage): Prisma.Sql {
  const lineConditions = [skuMatch, ...(after ? [after(sql`l."shipBy"`, sql`l."orderId"`)] : [])];
  const from = conditions.length ? sql`"OrderLine" l JOIN "Order" o ON o.id = l."orderId"` : sql`"OrderLine" l`;
  return sql`SELECT sku.id, sku."shipBy" FROM (
      SELECT DISTINCT l."orderId" AS id, l."shipBy" FROM ${from} WHERE ${join([...lineConditions, ...conditions], ' AND ')}
      ORDER BY l."shipBy" ${direction}, l."orderId" ${direction} LIMIT ${limit}
    ) sku`;
}

/**
 * The orders (id, shipBy) matching one search term and `conditions` on `o`, each branch through
 * its own index: the order number, the external id (whole or prefix), a line's SKU, and for
 * buyer-data readers the recipient's phone (last ten digits) and name (its words). Orders whose
 * buyer data retention removed are not found by name or phone. Each branch reads its orders
 * itself, so no join can turn into a scan of all orders. With a `page` (for orderIdPageSql:
 * shipBy too, and the cursor's keyset) the SKU branch yields only that page's orders: see skuPage.
 */
function searchHits(term: string, options: OrderListOptions, conditions: Prisma.Sql[], page?: SkuPage): Prisma.Sql {
  const columns = page ? sql`o.id, o."shipBy"` : sql`o.id`;
  const orderConditions = page?.after ? [...conditions, page.after(sql`o."shipBy"`, sql`o.id`)] : conditions;
  const fromOrder = (condition: Prisma.Sql) => sql`SELECT ${columns} FROM "Order" o WHERE ${join([condition, ...orderConditions], ' AND ')}`;
  const skuMatch = sql`lower(l.sku) = lower(${term})`;
  const branches: Prisma.Sql[] = [
    fromOrder(sql`lower(o."externalId") LIKE lower(${escapeLike(term)}) || '%'`),
    page
      ? skuPage(skuMatch, conditions, page)
      : // Counting without other conditions needs no order row: the line index answers alone (an
        // index-only scan), instead of one lookup of Order per line sold of that SKU.
        conditions.length === 0
        ? sql`SELECT l."orderId" AS id FROM "OrderLine" l WHERE ${skuMatch}`
        : sql`SELECT o.id FROM "OrderLine" l JOIN "Order" o ON o.id = l."orderId" WHERE ${join([skuMatch, ...conditions], ' AND ')}`,
  ];
  const number = numberPattern.exec(term);
  if (number) branches.push(fromOrder(sql`o.number = ${Number(number[1])}`));
  if (options.searchBuyerData) {
    if (phonePattern.test(term) && term.replace(/\D/g, '').length >= 10) {
      branches.push(fromOrder(sql`${phoneKey(raw('o."shipPhone"'))} = ${phoneKey(sql`${term}`)}`));
    }
    const name = nameQuery(term);
    if (name) {
      // Words, not trigrams: a substring (ILIKE '%…%' on a pg_trgm index) intersected the posting
      // lists of every trigram of the name, whose length grows with all history (20 ms per branch
      // at 1M orders in bench:scale), where a whole word's list is short. Anonymised orders hold
      // "[removed]": the index leaves them out (partial), which also bounds it to the retention window.
      branches.push(fromOrder(sql`o."piiAnonymizedAt" IS NULL AND ${nameWords} @@ to_tsquery('simple', translate(${name}, 'Ёё', 'Ее'))`));
    }
  }
  return join(branches, ' UNION ');
}

/** An array of one parameter per value (the PGlite adapter cannot bind a JS array as a parameter). */
const array = (values: string[], type: string) => sql`ARRAY[${join(values)}]::${raw(type)}[]`;

/**
 * Orders with a domestic parcel overdue at `now`, as a condition on `o`: the same rule as the
 * consolidation service's domesticOverdueWhere (statuses still to leave, a parcel not received
 * and sent before overdueBefore), the few parcels found first through their own table.
 */
const domesticOverdueSql = (now: Date) =>
  sql`(o.status = ANY(${array([...awaitingDomesticStatuses], '"OrderStatus"')}) AND o.id IN (
    SELECT d."orderId" FROM "DomesticParcel" d WHERE d."receivedAt" IS NULL AND d."sentAt" < ${overdueBefore(now)}))`;

/** Conditions on `o` other than status and search. */
function plainConditions(filter: OrderFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter.channel?.length)
    conditions.push(
      sql`o.channel = ANY(${array(
        filter.channel.map((c) => c.toLowerCase()),
        'text',
      )})`,
    );
  if (filter.holdReason?.length) conditions.push(sql`o."holdReason" = ANY(${array(filter.holdReason, '"HoldReason"')})`);
  if (filter.shipByBefore) conditions.push(sql`o."shipBy" < ${filter.shipByBefore}`);
  if (typeof filter.domesticOverdue === 'boolean') {
    const overdue = domesticOverdueSql(filter.now ?? new Date());
    conditions.push(filter.domesticOverdue ? overdue : sql`NOT ${overdue}`);
  }
  return conditions;
}

const where = (conditions: Prisma.Sql[]) => (conditions.length ? sql`WHERE ${join(conditions, ' AND ')}` : empty);
const statuses = (filter: OrderFilter) => (filter.status?.length ? [...new Set(filter.status)] : null);
const searchTerm = (filter: OrderFilter) => filter.search?.trim() || null;

/**
 * The SQL of one page of order ids, most urgent ship-by first, in the order Prisma's findMany with
 * `orderBy: [shipBy, id]`, `cursor` and `take` (skip 1 with a cursor) would return them, but
 * backwards when `take` is negative. Several statuses are merged per status (each a short range
 * of the (status, shipBy, id) index) instead of walking every order's deadline and discarding the
 * other statuses.
 */
export function orderIdPageSql(filter: OrderFilter, page: PageQuery, options: OrderListOptions): Prisma.Sql {
  const backward = page.take < 0;
  const limit = Math.abs(page.take);
  const direction = raw(backward ? 'DESC' : 'ASC');
  const conditions = plainConditions(filter);
  let after: SkuPage['after'] = null;
  if (page.cursor) {
    const id = page.cursor.id;
    if (!isUuid(id)) throw new PothosValidationError('Invalid cursor');
    after = (shipBy, rowId) => sql`(${shipBy}, ${rowId}) ${raw(backward ? '<' : '>')} ((SELECT c."shipBy" FROM "Order" c WHERE c.id = ${id}::uuid), ${id}::uuid)`;
  }
  const term = searchTerm(filter);
  const wanted = statuses(filter);
  if (term) {
    if (wanted) conditions.push(sql`o.status = ANY(${array(wanted, '"OrderStatus"')})`);
    return sql`SELECT hits.id FROM (${searchHits(term, options, conditions, { direction, limit, after })}) hits
      ORDER BY hits."shipBy" ${direction}, hits.id ${direction} LIMIT ${limit}`;
  }
  if (after) conditions.push(after(sql`o."shipBy"`, sql`o.id`));
  if (wanted) {
    return sql`SELECT p.id FROM unnest(${array(wanted, '"OrderStatus"')}) AS s(status)
      CROSS JOIN LATERAL (
        SELECT o.id, o."shipBy" FROM "Order" o ${where([sql`o.status = s.status`, ...conditions])}
        ORDER BY o."shipBy" ${direction}, o.id ${direction} LIMIT ${limit}
      ) p
      ORDER BY p."shipBy" ${direction}, p.id ${direction} LIMIT ${limit}`;
  }
  return sql`SELECT o.id FROM "Order" o ${where(conditions)} ORDER BY o."shipBy" ${direction}, o.id ${direction} LIMIT ${limit}`;
}

/** The orders matching filters other than status alone, as `SELECT 1 …`; null when the tally answers. */
export function matchingOrdersSql(filter: OrderFilter, options: OrderListOptions): Prisma.Sql | null {
  const term = searchTerm(filter);
  const wanted = statuses(filter);
  const conditions = plainConditions(filter);
  if (!term && conditions.length === 0) return null;
  if (wanted) conditions.push(sql`o.status = ANY(${array(wanted, '"OrderStatus"')})`);
  return term ? sql`SELECT 1 FROM (${searchHits(term, options, conditions)}) hits` : sql`SELECT 1 FROM "Order" o ${where(conditions)}`;
}

/**
 * The first step of counting the matching orders, as one scalar SQL expression: the OrderStatusTally
 * sum (status alone or nothing), or the count up to EXACT_COUNT_LIMIT + 1 (other filters).
 */
function countSql(filter: OrderFilter, options: OrderListOptions): { count: Prisma.Sql; matching: Prisma.Sql | null } {
  const matching = matchingOrdersSql(filter, options);
  if (!matching) {
    const wanted = statuses(filter);
    const tally = wanted ? sql`WHERE status = ANY(${array(wanted, '"OrderStatus"')})` : empty;
    return { count: sql`(SELECT coalesce(sum(delta), 0)::int FROM "OrderStatusTally" ${tally})`, matching };
  }
  return { count: sql`(SELECT count(*)::int FROM (${matching} LIMIT ${EXACT_COUNT_LIMIT + 1}) m)`, matching };
}

/** The count from countSql's first step: as it is, or PostgreSQL's estimate above EXACT_COUNT_LIMIT. */
async function finishCount(db: Db, first: number, matching: Prisma.Sql | null): Promise<number> {
  if (!matching || first <= EXACT_COUNT_LIMIT) return first;
  const [plan] = await db.$queryRaw<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>(sql`EXPLAIN (FORMAT JSON) ${matching}`);
  return Math.max(EXACT_COUNT_LIMIT + 1, Math.round(plan!['QUERY PLAN'][0].Plan['Plan Rows']));
}

/**
 * How many orders match. Status alone (or nothing): the OrderStatusTally sums, exact and
 * independent of the table's size. Other filters: counted up to EXACT_COUNT_LIMIT (an exact
 * "1" is what a scan needs), beyond that PostgreSQL's estimate (never below the limit).
 */
export async function countOrders(db: Db, filter: OrderFilter, options: OrderListOptions): Promise<number> {
  const { count, matching } = countSql(filter, options);
  const [row] = await db.$queryRaw<{ count: number }[]>(sql`SELECT ${count} AS count`);
  return finishCount(db, row!.count, matching);
}

/** A row as JSON: what Prisma returns for the `select` (scalars and the relations selected), once revived. */
type PageRow = { id: string } & Record<string, unknown>;

/**
 * A page of order ids (orderIdPageSql), how many orders match (countOrders) when `withCount`, and the
 * rows when `rows` (pageRowsSql) is given, in one statement for the usual case (a second one only
 * for an estimate above EXACT_COUNT_LIMIT).
 */
export async function orderPage<Row extends PageRow>(
  db: Db,
  filter: OrderFilter,
  page: PageQuery,
  options: OrderListOptions & { withCount: boolean; rows: PageRowsSql | null },
): Promise<{ ids: string[]; count: number | null; rows: Map<string, Row> | null }> {
  const { count, matching } = options.withCount ? countSql(filter, options) : { count: sql`NULL::int`, matching: null };
  const rows = options.rows ? sql`(SELECT json_agg(${options.rows.sql}) FROM "Order" t0 WHERE t0.id = ANY(page.ids))` : sql`NULL::json`;
  // ARRAY(subquery) keeps the subquery's ORDER BY.
  const [row] = await db.$queryRaw<{ ids: string[]; count: number | null; rows: PageRow[] | null }[]>(
    sql`SELECT page.ids::text[] AS ids, ${count} AS count, ${rows} AS rows FROM (SELECT ARRAY(${orderIdPageSql(filter, page, options)}) AS ids) page`,
  );
  const ids = page.take < 0 ? [...row!.ids].reverse() : row!.ids;
  return {
    ids,
    count: options.withCount ? await finishCount(db, row!.count!, matching) : null,
    rows: options.rows ? new Map((row!.rows ?? []).map((r) => [r.id, reviveRow(r, options.rows!.plan) as Row])) : null,
  };
}

// The rows of a page as one JSON value per order, built from the `select` Pothos plans for the
// query's selection: the same objects Prisma's findMany would return (issue 11: Prisma's own
// loading and result mapping cost ~3 times the CPU of the same JSON through SQL, and a statement).

/** The columns and DateTime fields (JSON carries them as text) of a level, and its relations'. */
interface RowPlan {
  dates: string[];
  relations: { key: string; list: boolean; plan: RowPlan }[];
}
export interface PageRowsSql {
  sql: Prisma.Sql;
  plan: RowPlan | null;
}

const models = getDatamodel().datamodel.models as Record<string, { fields: readonly { name: string; kind: string; type: string; isList: boolean }[] }>;
/** Scalar types whose JSON is what Prisma returns (DateTime after reviveRow); others (BigInt, Decimal, Bytes, Float) go to Prisma. */
const jsonScalars = new Set(['String', 'Int', 'Boolean', 'DateTime', 'Json']);
/** The relations a page can load in SQL, by model: the child's model and the join (parent alias, child alias). */
const pageRelations: Record<string, Record<string, { model: string; list: boolean; on: (parent: string, child: string) => string }>> = {
  Order: { lines: { model: 'OrderLine', list: true, on: (o, l) => `${l}."orderId" = ${o}.id` } },
  OrderLine: { product: { model: 'Product', list: false, on: (l, p) => `${p}.id = ${l}."productId"` } },
  Product: { barcodes: { model: 'ProductBarcode', list: true, on: (p, b) => `${b}."productId" = ${p}.id` } },
};
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `ORDER BY` of a list relation from Prisma's orderBy ({ field: 'asc' } or a list of them); null when unsupported. */
function orderBySql(model: string, orderBy: unknown, alias: string): string | null {
  if (orderBy === undefined) return '';
  const terms: string[] = [];
  for (const term of Array.isArray(orderBy) ? orderBy : [orderBy]) {
    if (!isObject(term)) return null;
    for (const [field, direction] of Object.entries(term)) {
      if ((direction !== 'asc' && direction !== 'desc') || !models[model]!.fields.some((f) => f.name === field && f.kind !== 'object')) return null;
      terms.push(`${alias}."${field}" ${direction}`);
    }
  }
  return terms.length ? ` ORDER BY ${terms.join(', ')}` : '';
}

/** json_build_object of the `select` on `t<depth>` (a row of `model`), or null when some part is not supported. */
function objectSql(model: string, select: unknown, depth: number): { sql: string; plan: RowPlan; dated: boolean } | null {
  if (!isObject(select)) return null;
  const alias = `t${depth}`;
  const fields = models[model]!.fields;
  const parts: string[] = [];
  const plan: RowPlan = { dates: [], relations: [] };
  let dated = false;
  for (const [key, value] of Object.entries(select)) {
    const field = fields.find((f) => f.name === key);
    if (!field) return null;
    if (field.kind !== 'object') {
      if (value !== true || (field.kind === 'scalar' && !jsonScalars.has(field.type)) || (field.type === 'DateTime' && field.isList)) return null;
      if (field.type === 'DateTime') plan.dates.push(key);
      parts.push(`'${key}', ${alias}."${key}"`);
      continue;
    }
    const relation = pageRelations[model]?.[key];
    if (!relation || !isObject(value)) return null;
    const { select: nested, orderBy, ...other } = value;
    if (Object.keys(other).length || (!relation.list && orderBy !== undefined)) return null;
    const child = objectSql(relation.model, nested, depth + 1);
    const order = orderBySql(relation.model, orderBy, `t${depth + 1}`);
    if (!child || order === null) return null;
    const from = `FROM "${relation.model}" t${depth + 1} WHERE ${relation.on(alias, `t${depth + 1}`)}`;
    parts.push(relation.list ? `'${key}', (SELECT coalesce(json_agg(${child.sql}${order}), '[]'::json) ${from})` : `'${key}', (SELECT ${child.sql} ${from})`);
    if (child.dated) plan.relations.push({ key, list: relation.list, plan: child.plan });
    dated ||= child.dated;
  }
  // json_build_object takes at most 100 arguments.
  if (parts.length > 50) return null;
  return { sql: `json_build_object(${parts.join(', ')})`, plan, dated: dated || plan.dates.length > 0 };
}

/**
 * The SQL of an order row (alias t0) as JSON for a Prisma `select` of Order (what Pothos plans for
 * the query: only the columns and relations the selection needs, so buyer data only when asked),
 * or null when the selection needs something it does not build (other relations, filters, counts,
 * types JSON does not carry as Prisma returns them): Prisma loads those pages.
 */
export function pageRowsSql(query: Record<string, unknown>): PageRowsSql | null {
  const { select, orderBy: _orderBy, ...other } = query; // the page's order comes from the ids
  if (Object.keys(other).length || !isObject(select) || !select.id) return null;
  const row = objectSql('Order', select, 0);
  // Field names are the datamodel's (identifiers), never input: safe to write into the SQL.
  return row && { sql: Prisma.raw(row.sql), plan: row.dated ? row.plan : null };
}

/** The row with its DateTime fields (ISO text in JSON) as Dates, as Prisma returns them. */
function reviveRow(row: PageRow, plan: RowPlan | null): PageRow {
  if (plan) revive(row, plan);
  return row;
}
function revive(row: Record<string, unknown>, plan: RowPlan) {
  for (const key of plan.dates) if (row[key] !== null) row[key] = new Date(row[key] as string);
  for (const { key, list, plan: nested } of plan.relations) {
    const value = row[key];
    if (list) for (const item of value as Record<string, unknown>[]) revive(item, nested);
    else if (value !== null) revive(value as Record<string, unknown>, nested);
  }
}

/** Orders per status (statuses with none omitted), from OrderStatusTally: no scan of Order. */
export async function countOrdersByStatus(db: Db): Promise<{ status: OrderStatus; count: number }[]> {
  return db.$queryRaw<{ status: OrderStatus; count: number }[]>(
    sql`SELECT status, sum(delta)::int AS count FROM "OrderStatusTally" GROUP BY status HAVING sum(delta) <> 0 ORDER BY status`,
  );
}
