// Many orders at once for benchmarks and plan tests: set-based INSERT … SELECT generate_series
// straight into the tables, through every constraint and trigger (nothing is disabled). A year of a
// seller's history with the newest 3 % still open work, 1–3 lines per order from a fixed catalogue
// of 2 000 products, Ozon posting numbers, Russian recipients and phones. Deterministic: the same
// size gives the same data (hashint8 of the row number stands in for random()).

export interface ScaleDataOptions {
  orders: number;
  /** Orders per INSERT statement (memory stays flat at any size). */
  batch?: number;
  log?: (line: string) => void;
}

/** Runs one SQL statement (no parameters). */
export type SqlExecutor = (sql: string) => Promise<unknown>;

export const SCALE_PRODUCTS = 2000;
const SCALE_OPEN_SHARE = 0.03;
export const scaleSku = (k: number) => `SCALE-${String(k).padStart(5, '0')}`;

const firstNames = [
  'Александр',
  'Алексей',
  'Анна',
  'Дмитрий',
  'Екатерина',
  'Елена',
  'Иван',
  'Ирина',
  'Мария',
  'Михаил',
  'Наталья',
  'Никита',
  'Ольга',
  'Павел',
  'Сергей',
  'Светлана',
  'Татьяна',
  'Юлия',
  'Андрей',
  'Виктория',
  'Владимир',
  'Галина',
  'Денис',
  'Евгений',
  'Кирилл',
  'Людмила',
  'Максим',
  'Оксана',
  'Роман',
  'Фёдор',
  'Артём',
  'Борис',
  'Вера',
  'Глеб',
  'Дарья',
  'Егор',
  'Жанна',
  'Зоя',
  'Игорь',
  'Лев',
];
const surnameRoots = [
  'Иван',
  'Петр',
  'Смирн',
  'Кузнец',
  'Попов',
  'Васил',
  'Соколь',
  'Михайл',
  'Новик',
  'Фёдор',
  'Морозь',
  'Волк',
  'Алексе',
  'Лебед',
  'Семён',
  'Егор',
  'Павл',
  'Козл',
  'Степан',
  'Никол',
  'Орл',
  'Андре',
  'Макар',
  'Захар',
  'Зайц',
];
const surnameMiddles = ['', 'ищ', 'ан', 'ор', 'ел', 'ух', 'ят', 'оск', 'иль', 'ар', 'ен', 'уш', 'ик', 'ыр', 'аш', 'ет', 'от', 'ун', 'ав', 'ом'];
const surnameEndings = ['ов', 'ев', 'ин', 'ский', 'енко'];
const cities: [string, string, string][] = [
  ['Москва', 'Москва', '101000'],
  ['Санкт-Петербург', 'Санкт-Петербург', '190000'],
  ['Казань', 'Татарстан', '420000'],
  ['Екатеринбург', 'Свердловская область', '620000'],
  ['Новосибирск', 'Новосибирская область', '630000'],
  ['Владивосток', 'Приморский край', '690000'],
];

const array = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;
/** A uniform number in [0, 1) from a row key and a salt. */
const r = (key: string, salt: number) => `((hashint8((${key})::bigint * 1000 + ${salt}) & 2147483647)::float8 / 2147483648)`;
const pick = (values: string[], key: string, salt: number) => `(${array(values)})[1 + floor(${r(key, salt)} * ${values.length})::int]`;
/** A UUIDv7 for a moment: its milliseconds, then pseudo-random bits, like Prisma's uuid(7). */
const uuid7 = (at: string, key: string, salt: number) =>
  `(lpad(to_hex((extract(epoch FROM ${at}) * 1000)::bigint), 12, '0') || '7' || lpad(to_hex(hashint8((${key})::bigint * 1000 + ${salt}) & 4095), 3, '0')` +
  ` || to_hex(8 + (hashint8((${key})::bigint * 1000 + ${salt + 1}) & 3)) || lpad(to_hex(hashint8((${key})::bigint * 1000 + ${salt + 2}) & 2147483647), 8, '0')` +
  ` || lpad(to_hex(hashint8((${key})::bigint * 1000 + ${salt + 3}) & 268435455), 7, '0'))::uuid`;

// Per order g (1…N) and line position: the line count, product and quantity, shared by the order's
// totals and its lines.
const lineCount = (g: string) => `(1 + floor(${r(g, 1)} * 3)::int)`;
const productOf = (g: string, pos: string) => `(1 + floor(${r(`(${g}) * 4 + ${pos}`, 2)} * ${SCALE_PRODUCTS})::int)`;
const quantityOf = (g: string, pos: string) => `(1 + floor(${r(`(${g}) * 4 + ${pos}`, 3)} * 2)::int)`;
const priceOf = (k: string) => `(50000 + ((${k}) * 7919 % 400) * 250)`;

const shippedOrLater = `('SHIPPED','IN_TRANSIT','DELIVERED','COMPLETED','EXCEPTION','RETURN_REQUESTED','RETURNED')`;
const pickedOrLater = `('PICKED','PACKED','READY_TO_SHIP','SHIPPED','IN_TRANSIT','DELIVERED','COMPLETED','EXCEPTION','RETURN_REQUESTED','RETURNED')`;
const packedOrLater = `('PACKED','READY_TO_SHIP','SHIPPED','IN_TRANSIT','DELIVERED','COMPLETED','EXCEPTION','RETURN_REQUESTED','RETURNED')`;

/** Loads `orders` orders (and their lines, a warehouse and the catalogue) into a migrated database without orders. */
export async function loadScaleData(exec: SqlExecutor, options: ScaleDataOptions): Promise<void> {
  const n = options.orders;
  const batch = options.batch ?? 100_000;
  const log = options.log ?? (() => {});
  const openFrom = Math.floor(n * (1 - SCALE_OPEN_SHARE)) + 1;

  await exec(`INSERT INTO "Warehouse" (id, code, name) VALUES (${uuid7('now()', '1', 900)}, 'SCALE', 'Scale warehouse') ON CONFLICT (code) DO NOTHING`);
  await exec(`INSERT INTO "Product" (id, sku, name, "priceAmount", currency, "updatedAt")
    SELECT ${uuid7('now()', 'k', 910)}, 'SCALE-' || lpad(k::text, 5, '0'), 'Товар ' || k, ${priceOf('k')}, 'RUB', now()
    FROM generate_series(1, ${SCALE_PRODUCTS}) k ON CONFLICT (sku) DO NOTHING`);

  for (let lo = 1; lo <= n; lo += batch) {
    const hi = Math.min(n, lo + batch - 1);
    // The order's place in a year of history: the first is a year old, the last an hour old.
    const placed = `(now() - interval '365 days' + (g - 1)::float8 / ${n} * interval '365 days' - interval '1 hour')`;
    const status = `CASE
      WHEN g >= ${openFrom} THEN (ARRAY['NEW','NEW','NEW','CONFIRMED','CONFIRMED','ON_HOLD','PICKING','PICKED','PACKED','READY_TO_SHIP'])[1 + floor(${r('g', 4)} * 10)::int]
      WHEN placed > now() - interval '7 days' THEN (ARRAY['SHIPPED','IN_TRANSIT','IN_TRANSIT','DELIVERED'])[1 + floor(${r('g', 4)} * 4)::int]
      ELSE (ARRAY['COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','DELIVERED','DELIVERED','DELIVERED','CANCELLED','RETURNED','EXCEPTION','RETURN_REQUESTED','IN_TRANSIT','COMPLETED','DELIVERED','COMPLETED','COMPLETED','DELIVERED','COMPLETED','CANCELLED'])[1 + floor(${r('g', 4)} * 20)::int]
      END::"OrderStatus"`;
    const subtotal = `(SELECT sum(${quantityOf('g', 'pos')} * ${priceOf(productOf('g', 'pos'))}) FROM generate_series(1, ${lineCount('g')}) pos)::int`;
    const ozon = `${r('g', 5)} < 0.9`;
    const city = `(1 + floor(${r('g', 6)} * ${cities.length})::int)`;
    const phoneDigits = `lpad((hashint8(g::bigint * 1000 + 7) & 1073741823)::text, 9, '0')`;
    await exec(`INSERT INTO "Order" (id, number, channel, "externalId", status, "holdReason", "statusBeforeHold", "cancelReason",
        "placedAt", "shipBy", currency, "subtotalAmount", "totalAmount", "warehouseId",
        "shipName", "shipPhone", "shipAddress1", "shipCity", "shipRegion", "shipPostalCode", "shipCountryCode",
        "confirmedAt", "shippedAt", "deliveredAt", "completedAt", "cancelledAt", "createdAt", "updatedAt")
      SELECT ${uuid7('placed', 'g', 920)}, g, CASE WHEN ozon THEN 'ozon' ELSE 'manual' END,
        CASE WHEN ozon THEN (30000000 + g)::text || '-' || lpad((hashint8(g::bigint * 1000 + 8) & 8191)::text, 4, '0') || '-1' END,
        status, CASE WHEN status = 'ON_HOLD' THEN 'AWAITING_BUYER'::"HoldReason" END, CASE WHEN status = 'ON_HOLD' THEN 'CONFIRMED'::"OrderStatus" END,
        CASE WHEN status = 'CANCELLED' THEN 'BUYER_REQUEST'::"CancelReason" END,
        placed,
        -- Open work is due from 12 hours ago to 60 hours ahead (a sixth is late); history had 48 hours.
        CASE WHEN g >= ${openFrom} THEN greatest(placed, now() - interval '12 hours' + ${r('g', 13)} * interval '72 hours') ELSE placed + interval '48 hours' END,
        'RUB',
        CASE WHEN status = 'CANCELLED' THEN 0 ELSE subtotal END, CASE WHEN status = 'CANCELLED' THEN 0 ELSE subtotal END,
        (SELECT id FROM "Warehouse" WHERE code = 'SCALE'),
        ${pick(firstNames, 'g', 9)} || ' ' || ${pick(surnameRoots, 'g', 10)} || ${pick(surnameMiddles, 'g', 11)} || ${pick(surnameEndings, 'g', 12)},
        '+7 9' || substr(${phoneDigits}, 1, 2) || ' ' || substr(${phoneDigits}, 3, 3) || '-' || substr(${phoneDigits}, 6, 2) || '-' || substr(${phoneDigits}, 8, 2),
        'ул. Ленина, д. ' || (1 + g % 120), (${array(cities.map((c) => c[0]))})[${city}], (${array(cities.map((c) => c[1]))})[${city}],
        (${array(cities.map((c) => c[2]))})[${city}], 'RU',
        CASE WHEN status NOT IN ('NEW', 'CANCELLED') THEN placed + interval '1 hour' END,
        CASE WHEN status IN ${shippedOrLater} THEN placed + interval '30 hours' END,
        CASE WHEN status IN ('DELIVERED','COMPLETED','RETURN_REQUESTED','RETURNED') THEN placed + interval '5 days' END,
        CASE WHEN status = 'COMPLETED' THEN placed + interval '12 days' END,
        CASE WHEN status = 'CANCELLED' THEN placed + interval '3 hours' END,
        placed, placed
      FROM (SELECT g, placed, ${status} AS status, ${subtotal} AS subtotal, ${ozon} AS ozon
            FROM (SELECT g, ${placed} AS placed FROM generate_series(${lo}, ${hi}) g) t) o`);
    await exec(`INSERT INTO "OrderLine" (id, "orderId", "productId", position, sku, name, quantity, "quantityCancelled",
        "quantityPicked", "quantityPacked", "quantityShipped", "unitPriceAmount", "totalAmount")
      SELECT ${uuid7('o."placedAt"', 'o.number * 4 + pos', 930)}, o.id, p.id, pos, p.sku, p.name, q,
        CASE WHEN o.status = 'CANCELLED' THEN q ELSE 0 END,
        CASE WHEN o.status IN ${pickedOrLater} THEN q ELSE 0 END,
        CASE WHEN o.status IN ${packedOrLater} THEN q ELSE 0 END,
        CASE WHEN o.status IN ${shippedOrLater} THEN q ELSE 0 END,
        p."priceAmount", q * p."priceAmount"
      FROM (SELECT o.*, pos, ${quantityOf('o.number', 'pos')} AS q, ${productOf('o.number', 'pos')} AS k
            FROM "Order" o CROSS JOIN LATERAL generate_series(1, ${lineCount('o.number')}) pos
            WHERE o.number BETWEEN ${lo} AND ${hi}) o
      JOIN "Product" p ON p.sku = 'SCALE-' || lpad(o.k::text, 5, '0')`);
    log(`  ${hi.toLocaleString('en')} / ${n.toLocaleString('en')} orders`);
  }
  await exec(`SELECT setval(pg_get_serial_sequence('"Order"', 'number'), (SELECT max(number) FROM "Order"))`);
  // Statistics and the visibility map, as autovacuum would have them on a database in use.
  await exec(`VACUUM ANALYZE "Order", "OrderLine", "Product", "OrderStatusTally"`);
}
