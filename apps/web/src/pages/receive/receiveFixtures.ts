// Purchase orders as the API answers the Receive station's queries (with __typename), for its tests.
import { meResponse } from '../../test/graphqlMock';

export const PO_ID = 'UHVyY2hhc2VPcmRlcjpwby0x';
export const LAMP_LINE = 'UHVyY2hhc2VPcmRlckxpbmU6bC0x';
export const CABLE_LINE = 'UHVyY2hhc2VPcmRlckxpbmU6bC0y';

/** A picker's permissions: the Receive station needs `receiving` (and reads purchase orders as stock, without prices). */
export const receiver = () => meResponse({ roles: ['PICKER'], permissions: ['orders:read', 'inventory:read', 'products:read', 'picking', 'receiving'] });

export function purchaseOrderRow(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'PurchaseOrder',
    id: PO_ID,
    number: 'PO-000042',
    status: 'SENT',
    expectedAt: '2026-12-10T10:00:00Z',
    totalQuantity: 13,
    receivedQuantity: 0,
    supplierName: 'Yiwu Trading',
    ...overrides,
  };
}

const line = (id: string, position: number, sku: string, name: string, quantity: number, received: number, barcode: string) => ({
  __typename: 'PurchaseOrderLine',
  id,
  position,
  quantity,
  receivedQuantity: received,
  remainingQuantity: Math.max(0, quantity - received),
  supplierSku: `S-${sku}`,
  product: { __typename: 'Product', id: `UHJvZHVjdDo${position}`, sku, name, barcodes: [barcode] },
});

/** PO-000042: 10 lamps (2 received already) and 3 cables. */
export function purchaseOrder(overrides: Record<string, unknown> = {}) {
  return {
    ...purchaseOrderRow({ receivedQuantity: 2 }),
    warehouse: { __typename: 'Warehouse', id: 'V2FyZWhvdXNlOncx', code: 'MAIN' },
    lines: [line(LAMP_LINE, 1, 'LAMP-1', 'Desk lamp', 10, 2, '4601234567890'), line(CABLE_LINE, 2, 'CABLE-1', 'USB cable', 3, 0, '4609876543210')],
    ...overrides,
  };
}
