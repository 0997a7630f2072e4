import type { LabelData, ManifestData, PackingSlipData } from './types.ts';

/** Realistic sample documents: used by the tests and by render-samples.ts. */

export const sampleLabel: LabelData = {
  parcelCode: 'P1042-1',
  trackingNumber: '10047285310021',
  carrierName: 'СДЭК',
  orderNumber: 1042,
  externalId: '87215400-0001-1',
  parcelSequence: 1,
  parcelCount: 2,
  weightGrams: 1250,
  sender: {
    name: '深圳市优品贸易有限公司 / Shenzhen Youpin Trading',
    phone: '+86 755 8888 1234',
    lines: ['Склад Orderly, Складская ул., 7, стр. 2'],
    city: 'Подольск',
    postalCode: '142100',
    countryCode: 'RU',
  },
  recipient: {
    name: 'Иванова Мария Сергеевна',
    phone: '+7 916 123-45-67',
    lines: ['ул. Льва Толстого, д. 16, кв. 42', 'подъезд 3, этаж 5, домофон 42К'],
    city: 'Москва',
    postalCode: '119021',
    countryCode: 'RU',
  },
  qrPayload: JSON.stringify({ t: 'parcel', code: 'P1042-1', order: 1042 }),
  createdAt: new Date('2026-03-12T11:05:00Z'),
};

const cities = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург', 'Нижний Новгород', 'Ростов-на-Дону', 'Владивосток'];

export function sampleManifest(parcelCount = 12): ManifestData {
  return {
    number: 57,
    carrierName: 'Ozon Логистика',
    warehouseName: 'Склад Подольск (深圳市优品贸易)',
    warehouseAddress: '142100, Московская обл., г. Подольск, Складская ул., 7, стр. 2',
    pickupFrom: new Date('2026-03-12T12:00:00Z'),
    pickupTo: new Date('2026-03-12T15:00:00Z'),
    closedAt: new Date('2026-03-12T11:40:00Z'),
    parcels: Array.from({ length: parcelCount }, (_, i) => ({
      parcelCode: `P${2000 + i}-1`,
      trackingNumbers: i % 7 === 3 ? [`OZ${(5550000 + i) * 10}RU`, `OZ${(5550000 + i) * 10 + 1}RU`] : [`OZ${(5550000 + i) * 10}RU`],
      orderNumber: 2000 + i,
      externalId: `8721${String(5400 + i).padStart(4, '0')}-0001-1`,
      weightGrams: i % 9 === 5 ? null : 250 + ((i * 137) % 2400),
      recipientCity: cities[i % cities.length]!,
    })),
  };
}

export function sampleSlip(locale: PackingSlipData['locale']): PackingSlipData {
  return {
    orderNumber: 1042,
    externalId: '87215400-0001-1',
    recipientName: 'Иванова Мария Сергеевна',
    locale,
    message: null,
    lines: [
      { sku: 'TWS-PRO-53-BLK', name: 'Беспроводные наушники TWS Pro 5.3 / 无线蓝牙耳机', quantity: 1 },
      { sku: 'CASE-SIL-BLU', name: 'Силиконовый чехол для наушников, синий / 硅胶耳机保护套', quantity: 2 },
      { sku: 'CBL-USBC-1M', name: 'Кабель USB-C 1 м / USB-C 数据线', quantity: 1 },
    ],
  };
}
