// `pnpm ozon:fake`: the fake Ozon Seller API for trying the connector locally. Add an Ozon account in
// Orderly with Client-Id 1001, Api-Key fake-api-key and the API address this prints; set
// OZON_FAKE_PUSH_URL to the account's push endpoint (http://localhost:4000/integrations/ozon/<id>/push)
// to get pushes. A new posting of the demo catalogue appears every OZON_FAKE_EVERY_SECONDS (default 30).
import { startFakeOzon } from './fake.ts';

const port = Number(process.env.OZON_FAKE_PORT ?? 4010);
const every = Number(process.env.OZON_FAKE_EVERY_SECONDS ?? 30);
const fake = await startFakeOzon({ port, pushUrl: process.env.OZON_FAKE_PUSH_URL || undefined });
const catalogue = [
  { sku: 100_001, offer_id: 'TWS-PRO-53', price: '1990.000000' },
  { sku: 100_002, offer_id: 'CASE-IP15-BLK', price: '390.000000' },
  { sku: 100_004, offer_id: 'CBL-CC-1M', price: '290.000000' },
];
/** Every third posting is rFBS (the seller delivers): it comes with a (made-up) buyer and address. */
const demoBuyer = {
  customer_id: 7_000_001,
  name: 'Анна Смирнова',
  address: {
    address_tail: 'ул. Садовая, д. 5, кв. 12',
    city: 'Казань',
    region: 'Республика Татарстан',
    district: '',
    country: 'Россия',
    zip_code: '420111',
    comment: '',
    pvz_code: 0,
  },
};
let created = 0;
const newPosting = () => {
  const product = catalogue[Math.floor(Math.random() * catalogue.length)]!;
  const rfbs = ++created % 3 === 0;
  const posting = fake.createPosting({ products: [{ ...product, quantity: 1 + Math.floor(Math.random() * 2) }], customer: rfbs ? demoBuyer : undefined });
  console.log(`[ozon-fake] new ${rfbs ? 'rFBS' : 'FBS'} posting ${posting.posting_number} (${product.offer_id}), warehouse ${posting.warehouse_id}`);
};
newPosting();
if (every > 0) setInterval(newPosting, every * 1000);
console.log(
  `[ozon-fake] Seller API at ${fake.url} — Client-Id 1001, Api-Key fake-api-key${process.env.OZON_FAKE_PUSH_URL ? `; pushes to ${process.env.OZON_FAKE_PUSH_URL}` : ''}`,
);
process.on('SIGINT', () => void fake.stop().then(() => process.exit(0)));
