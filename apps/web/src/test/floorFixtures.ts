// A tiny fake API for the floor screens: a pick list and an order at the packing table that change
// as the mocked mutations succeed (like the real server), answered in the shape the API sends.
import type { Printer } from '../lib/printers';
import type { RecordedRequest } from './graphqlMock';

const err = (code: string, message = code) => ({ __typename: 'UserError', code, field: null, message });

export interface FakeTask {
  id: string;
  bin: string | null;
  sku: string;
  name: string;
  barcode: string;
  quantity: number;
  picked: number;
  short: number;
}

export const PICK_LIST_ID = 'UGlja0xpc3Q6MQ==';
export const ORDER_ID = 'T3JkZXI6MTA0Mg==';

/** A pick list of one order (#1042): TWS-PRO-53 ×2 at A-01-1-1, CASE-IP15-BLK ×1 at B-02-1-1. */
export function pickApi(options: { refuseScan?: (request: RecordedRequest, n: number) => string | undefined } = {}) {
  const tasks: FakeTask[] = [
    { id: 'UGlja1Rhc2s6MQ==', bin: 'A-01-1-1', sku: 'TWS-PRO-53', name: 'Наушники TWS Pro / 无线耳机', barcode: '4607000010010', quantity: 2, picked: 0, short: 0 },
    { id: 'UGlja1Rhc2s6Mg==', bin: 'B-02-1-1', sku: 'CASE-IP15-BLK', name: 'Чехол iPhone 15 / 手机壳', barcode: '4607000010027', quantity: 1, picked: 0, short: 0 },
  ];
  let status = 'OPEN';
  let orderStatus = 'PICKING';
  let scans = 0;
  const progress = () => ({
    __typename: 'PickProgress',
    tasks: tasks.length,
    tasksDone: tasks.filter((t) => t.picked + t.short === t.quantity).length,
    units: tasks.reduce((s, t) => s + t.quantity, 0),
    unitsPicked: tasks.reduce((s, t) => s + t.picked, 0),
    unitsShort: tasks.reduce((s, t) => s + t.short, 0),
  });
  const taskNode = (t: FakeTask) => ({
    __typename: 'PickTask',
    id: t.id,
    sequence: tasks.indexOf(t) + 1,
    status: t.short ? 'SHORT' : t.picked === t.quantity ? 'PICKED' : 'PENDING',
    quantity: t.quantity,
    quantityPicked: t.picked,
    quantityShort: t.short,
    remaining: t.quantity - t.picked - t.short,
    location: t.bin ? { __typename: 'Location', id: `loc-${t.bin}`, code: t.bin } : null,
    product: { __typename: 'Product', id: `p-${t.sku}`, sku: t.sku, name: t.name, barcodes: [t.barcode] },
    order: { __typename: 'Order', id: ORDER_ID, number: 1042, status: orderStatus },
  });
  const list = () => ({
    __typename: 'PickList',
    id: PICK_LIST_ID,
    number: 7,
    status,
    createdAt: '2025-12-05T08:00:00.000Z',
    assignee: { __typename: 'User', id: 'VXNlcjp1LTE=', name: 'Лена' },
    progress: progress(),
    tasks: tasks.map(taskNode),
  });
  const payload = (field: string, task: FakeTask | null, extra: Record<string, unknown> = {}) => ({
    data: {
      [field]: {
        __typename: 'PickListPayload',
        pickList: {
          __typename: 'PickList',
          id: PICK_LIST_ID,
          number: 7,
          status,
          progress: progress(),
          orders: [{ __typename: 'Order', id: ORDER_ID, number: 1042, status: orderStatus }],
        },
        task: task ? taskNode(task) : null,
        userErrors: [],
        ...extra,
      },
    },
  });
  const refused = (field: string, code: string) => ({
    data: { [field]: { __typename: 'PickListPayload', pickList: null, task: null, resolvedBy: null, userErrors: [err(code)] } },
  });

  const responders = {
    PickList: () => ({ data: { pickList: list() } }),
    ScanPick: (request: RecordedRequest) => {
      scans += 1;
      const refusal = options.refuseScan?.(request, scans);
      if (refusal) return refused('scanPick', refusal);
      const { code, quantity, locationCode } = request.variables as { code: string; quantity: number; locationCode?: string };
      const task = tasks.find((t) => (t.barcode === code || t.sku === code) && t.quantity - t.picked - t.short > 0 && (!locationCode || t.bin === locationCode));
      if (!task) return refused('scanPick', 'WRONG_ITEM');
      if ((quantity ?? 1) > task.quantity - task.picked - task.short) return refused('scanPick', 'OVER_PICK');
      task.picked += quantity ?? 1;
      status = 'IN_PROGRESS';
      return payload('scanPick', task);
    },
    ShortPick: (request: RecordedRequest) => {
      const task = tasks.find((t) => t.id === request.variables.taskId)!;
      task.short = task.quantity - task.picked;
      if (request.variables.resolution === 'HOLD') orderStatus = 'ON_HOLD';
      return payload('shortPick', task, { resolvedBy: request.variables.resolution });
    },
    CompletePickList: () => {
      if (tasks.some((t) => t.quantity - t.picked - t.short > 0)) return refused('completePickList', 'PICK_INCOMPLETE');
      status = 'COMPLETED';
      if (orderStatus === 'PICKING') orderStatus = 'PICKED';
      return payload('completePickList', null);
    },
  };
  return { tasks, responders, state: () => ({ status, orderStatus }) };
}

export interface FakeParcel {
  id: string;
  code: string;
  status: string;
  items: Record<string, number>;
  weightGrams: number | null;
  dims: [number, number, number] | null;
  hasPhoto: boolean;
  carrier: string | null;
  labels: number;
}

/** Order #1042 at the packing table: TWS-PRO-53 ×2 and CASE-IP15-BLK ×1, all picked. */
export function packApi(options: { parcels?: FakeParcel[]; status?: string } = {}) {
  const lines = [
    { id: 'T3JkZXJMaW5lOjE=', sku: 'TWS-PRO-53', name: 'Наушники TWS Pro / 无线耳机', barcode: '4607000010010', quantity: 2, picked: 2, packed: 0 },
    { id: 'T3JkZXJMaW5lOjI=', sku: 'CASE-IP15-BLK', name: 'Чехол iPhone 15 / 手机壳', barcode: '4607000010027', quantity: 1, picked: 1, packed: 0 },
  ];
  const parcels: FakeParcel[] = options.parcels ?? [];
  for (const p of parcels) for (const [sku, n] of Object.entries(p.items)) lines.find((l) => l.sku === sku)!.packed += n;
  let status = options.status ?? 'PICKED';
  let version = 5;
  const carriers = [
    { __typename: 'Carrier', code: 'cdek', name: 'СДЭК' },
    { __typename: 'Carrier', code: 'ozon', name: 'Ozon Логистика' },
  ];
  const parcelNode = (p: FakeParcel) => ({
    __typename: 'Parcel',
    id: p.id,
    code: p.code,
    sequence: parcels.indexOf(p) + 1,
    status: p.status,
    weightGrams: p.weightGrams,
    lengthMm: p.dims?.[0] ?? null,
    widthMm: p.dims?.[1] ?? null,
    heightMm: p.dims?.[2] ?? null,
    hasPhoto: p.hasPhoto,
    boxPreset: null,
    carrier: p.carrier ? carriers.find((c) => c.code === p.carrier) : null,
    items: Object.entries(p.items).map(([sku, quantity]) => ({
      __typename: 'ParcelItem',
      quantity,
      orderLine: { __typename: 'OrderLine', id: lines.find((l) => l.sku === sku)!.id, sku },
    })),
  });
  const order = () => ({
    __typename: 'Order',
    id: ORDER_ID,
    number: 1042,
    channel: 'ozon',
    externalId: '87215400-0001-1',
    status,
    version,
    lines: lines.map((l) => ({
      __typename: 'OrderLine',
      id: l.id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      quantityCancelled: 0,
      quantityPicked: l.picked,
      quantityPacked: l.packed,
      product: { __typename: 'Product', id: `p-${l.sku}`, sku: l.sku, barcodes: [l.barcode] },
    })),
    parcels: parcels.map(parcelNode),
  });
  const parcelPayload = (field: string, p: FakeParcel | null, userErrors: unknown[] = []) => ({
    data: {
      [field]: {
        __typename: 'ParcelPayload',
        parcel: p ? { __typename: 'Parcel', id: p.id, code: p.code, status: p.status, hasPhoto: p.hasPhoto } : null,
        order: { __typename: 'Order', id: ORDER_ID, status, version },
        userErrors,
      },
    },
  });
  const open = () => {
    const p: FakeParcel = {
      id: btoa(`Parcel:${parcels.length + 1}`),
      code: `P1042-${parcels.length + 1}`,
      status: 'OPEN',
      items: {},
      weightGrams: null,
      dims: null,
      hasPhoto: false,
      carrier: null,
      labels: 0,
    };
    parcels.push(p);
    return p;
  };
  const responders = {
    PackOrder: () => ({
      data: {
        order: order(),
        boxPresets: [
          { __typename: 'BoxPreset', code: 'M', name: 'Коробка M / 中箱', lengthMm: 300, widthMm: 200, heightMm: 150, tareGrams: 150 },
          { __typename: 'BoxPreset', code: 'S', name: 'Коробка S / 小箱', lengthMm: 200, widthMm: 150, heightMm: 100, tareGrams: 80 },
        ],
        carriers,
      },
    }),
    ScanPack: (request: RecordedRequest) => {
      const { code, quantity, parcelId } = request.variables as { code: string; quantity?: number; parcelId?: string | null };
      const line = lines.find((l) => l.barcode === code || l.sku === code);
      if (!line) return parcelPayload('scanPack', null, [err('WRONG_ITEM')]);
      if (line.packed + (quantity ?? 1) > line.picked) return parcelPayload('scanPack', null, [err('OVER_PACK')]);
      const parcel = (parcelId && parcels.find((p) => p.id === parcelId)) || [...parcels].reverse().find((p) => p.status === 'OPEN') || open();
      parcel.items[line.sku] = (parcel.items[line.sku] ?? 0) + (quantity ?? 1);
      line.packed += quantity ?? 1;
      return parcelPayload('scanPack', parcel);
    },
    OpenParcel: () => parcelPayload('openParcel', open()),
    UnpackItem: (request: RecordedRequest) => {
      const parcel = parcels.find((p) => p.id === request.variables.parcelId)!;
      const sku = String(request.variables.code);
      parcel.items[sku] -= 1;
      if (!parcel.items[sku]) delete parcel.items[sku];
      lines.find((l) => l.sku === sku)!.packed -= 1;
      return parcelPayload('unpackItem', parcel);
    },
    CloseParcel: (request: RecordedRequest) => {
      const parcel = parcels.find((p) => p.id === request.variables.parcelId)!;
      const v = request.variables as { weightGrams: number; lengthMm: number | null; widthMm: number | null; heightMm: number | null };
      parcel.status = 'PACKED';
      parcel.weightGrams = v.weightGrams;
      parcel.dims = v.lengthMm ? [v.lengthMm, v.widthMm ?? 0, v.heightMm ?? 0] : null;
      if (lines.every((l) => l.packed === l.quantity) && parcels.every((p) => p.status !== 'OPEN')) {
        status = 'PACKED';
        version += 1;
      }
      return parcelPayload('closeParcel', parcel);
    },
    PrintLabel: (request: RecordedRequest) => {
      const parcel = parcels.find((p) => p.id === request.variables.parcelId)!;
      parcel.status = 'LABELLED';
      parcel.carrier = String(request.variables.carrierCode);
      parcel.labels += 1;
      if (parcels.every((p) => p.status === 'LABELLED')) {
        status = 'READY_TO_SHIP';
        version += 1;
      }
      const zpl = request.variables.format === 'ZPL';
      return {
        data: {
          printLabel: {
            __typename: 'LabelPayload',
            label: {
              __typename: 'ShippingLabel',
              id: `label-${parcel.labels}`,
              printCount: parcel.labels,
              format: request.variables.format,
              document: zpl
                ? {
                    __typename: 'Document',
                    filename: `${parcel.code}.zpl`,
                    contentType: 'application/zpl',
                    encoding: 'UTF8',
                    content: `^XA^FO50,50^BCN,100^FD${parcel.code}^FS^XZ`,
                  }
                : { __typename: 'Document', filename: `${parcel.code}.pdf`, contentType: 'application/pdf', encoding: 'BASE64', content: btoa('%PDF-1.7 fake label') },
            },
            parcel: { __typename: 'Parcel', id: parcel.id, code: parcel.code, status: parcel.status },
            order: { __typename: 'Order', id: ORDER_ID, status, version },
            userErrors: [],
          },
        },
      };
    },
    PackingSlip: (request: RecordedRequest) => ({
      data: {
        packingSlip: {
          __typename: 'Document',
          filename: `slip-1042-${request.variables.locale}.pdf`,
          contentType: 'application/pdf',
          encoding: 'BASE64',
          content: btoa('%PDF-1.7 slip'),
        },
      },
    }),
  };
  return { lines, parcels, responders, state: () => ({ status, version }) };
}

export function openParcel(items: Record<string, number>, overrides: Partial<FakeParcel> = {}): FakeParcel {
  return { id: 'UGFyY2VsOjE=', code: 'P1042-1', status: 'OPEN', items, weightGrams: null, dims: null, hasPhoto: false, carrier: null, labels: 0, ...overrides };
}

/** A network label printer as the `Printers` query returns it. */
export const printer = (overrides: Record<string, unknown> = {}): Printer & { __typename: 'Printer' } => ({
  __typename: 'Printer',
  id: 'UHJpbnRlcjox',
  name: 'Pack table 1',
  host: '192.168.1.50',
  port: 9100,
  language: 'ZPL',
  labelWidthMm: 100,
  labelHeightMm: 150,
  dpi: 203,
  active: true,
  stations: ['PACK'],
  ...(overrides as Partial<Printer>),
});
