import type { TextKey } from '../i18n';

const OP_KEYS: Record<string, TextKey> = {
  confirmOrder: 'action.confirm',
  placeHold: 'action.placeHold',
  releaseHold: 'action.releaseHold',
  cancelOrder: 'action.cancelOrder',
  cancelOrderLines: 'action.cancelLine',
  adjustStock: 'stock.adjust',
  receiveStock: 'stock.receive',
  createPickList: 'op.createPickList',
  assignPickList: 'op.assignPickList',
  scanPick: 'op.scanPick',
  shortPick: 'pick.short.button',
  completePickList: 'pick.complete',
  openParcel: 'pack.newParcel',
  scanPack: 'op.scanPack',
  unpackItem: 'op.unpackItem',
  closeParcel: 'pack.closeParcel',
  reopenParcel: 'pack.reopen',
  uploadParcelPhoto: 'pack.photo',
  printLabel: 'pack.printLabel',
  createManifest: 'handover.create',
  addParcelToManifest: 'op.addParcelToManifest',
  removeParcelFromManifest: 'handover.remove',
  closeManifest: 'handover.close',
  shipOrder: 'ship.submit',
  recordTrackingEvents: 'tracking.add',
  updateException: 'exception.update',
  resolveException: 'exception.resolve',
  closeException: 'exception.close',
  fileClaim: 'claim.file',
  updateClaim: 'claim.update',
  reshipOrder: 'reship.title',
  contactBuyer: 'contact.title',
  assignException: 'exception.assign',
  receiveDomesticParcel: 'consolidate.title',
  scanMarkingCode: 'marking.scanLabel',
  removeMarkingCode: 'marking.remove',
  setMarketplaceProductDetails: 'marking.title',
};

/** The name of a queued action (outbox item op) in the reader's language. */
export function opLabel(t: (key: TextKey) => string, op: string): string {
  return OP_KEYS[op] ? t(OP_KEYS[op]) : op;
}
