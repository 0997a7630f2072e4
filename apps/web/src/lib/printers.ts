import { createSignal } from 'solid-js';
import { createQuery } from '@urql/solid';
import { PrintersQuery, type Printer } from './printers.graphql';

export { CreatePrinterMutation, DeletePrinterMutation, PrintersQuery, TestPrinterMutation, UpdatePrinterMutation, type Printer } from './printers.graphql';

/**
 * Network label printers. The server keeps the printers and each station's default; each device
 * remembers which printer it uses per station (a packing table next to "Pack 2" picks that one),
 * defaulting to the server's station default. "None" means this device opens the PDF instead.
 */
export const PRINT_STATIONS = ['PICK', 'PACK', 'SHIP'] as const;
export type PrintStation = (typeof PRINT_STATIONS)[number];

/** Label sizes offered when adding a printer (width × height, mm). Shipping labels need 100×150. */
export const LABEL_SIZES = [
  [100, 150],
  [100, 100],
  [75, 120],
  [58, 40],
  [58, 30],
] as const;

/** The shipping label fits (100×150 mm or larger). */
export const fitsShippingLabel = (p: Pick<Printer, 'labelWidthMm' | 'labelHeightMm'>) => p.labelWidthMm >= 100 && p.labelHeightMm >= 150;

const KEY = 'orderly.printer.';
/** Stored for "this device prints nothing to network printers here: open the PDF". */
export const NO_PRINTER = 'none';

function readChoices(): Partial<Record<PrintStation, string>> {
  const out: Partial<Record<PrintStation, string>> = {};
  try {
    for (const station of PRINT_STATIONS) {
      const value = globalThis.localStorage?.getItem(KEY + station);
      if (value) out[station] = value;
    }
  } catch {
    // no storage: server defaults
  }
  return out;
}

const [choices, setChoices] = createSignal(readChoices());

/** This device's own choice for a station: a printer id, NO_PRINTER, or undefined (the server's default). */
export const deviceChoice = (station: PrintStation): string | undefined => choices()[station];

export function setDeviceChoice(station: PrintStation, value: string | undefined): void {
  setChoices((all) => ({ ...all, [station]: value }));
  try {
    if (value) globalThis.localStorage?.setItem(KEY + station, value);
    else globalThis.localStorage?.removeItem(KEY + station);
  } catch {
    // not remembered
  }
}

/** Tests: re-read after localStorage changed. */
export function reloadPrinterChoices(): void {
  setChoices(readChoices());
}

/** The server's default printer of a station (active ones only). */
export const stationDefault = (printers: readonly Printer[], station: PrintStation): Printer | null =>
  printers.find((p) => p.active && p.stations.includes(station)) ?? null;

/**
 * The printer this device prints to at `station`: its own choice when that printer is still there and
 * active, else the server's station default; null when the device chose "none" or there is no printer.
 */
export function chosenPrinter(printers: readonly Printer[] | undefined, station: PrintStation): Printer | null {
  const choice = deviceChoice(station);
  if (choice === NO_PRINTER) return null;
  const list = printers ?? [];
  return list.find((p) => p.id === choice && p.active) ?? stationDefault(list, station);
}

/** The station's printer for this device, from the printers query (paused when `enabled` is false). */
export function useStationPrinter(station: PrintStation, enabled: () => boolean = () => true) {
  const [printers] = createQuery({ query: PrintersQuery, requestPolicy: 'cache-and-network', pause: () => !enabled() });
  return () => (enabled() ? chosenPrinter(printers.data?.printers, station) : null);
}
