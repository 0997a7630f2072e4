// Network label printers: managed by managers, used by the floor. A print job is rendered here on
// the server and sent to the printer over raw TCP (raw-tcp.ts); the floor's "open PDF" path stays
// the fallback when no printer is chosen or the printer cannot be reached.
import { isIP } from 'node:net';
import type { Db, LabelFormat, Printer, PrintStation } from '@orderly/schema';
import { DomainError, userError, type UserErrorShape } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { configNow, parsePortRanges } from '../../core/config.ts';
import type { DocumentShape } from '../../core/document.ts';
import { renderTestLabelPdf, renderTestLabelZpl } from '../documents/index.ts';
import { renderManifestAct, renderPackingSlip } from '../shipping/documents.ts';
import { RawSendError, sendRaw, type RawSendOptions } from './raw-tcp.ts';

export const printStations = ['PICK', 'PACK', 'SHIP'] as const satisfies readonly PrintStation[];

export interface PrinterInput {
  name?: string | null;
  host?: string | null;
  port?: number | null;
  language?: LabelFormat | null;
  labelWidthMm?: number | null;
  labelHeightMm?: number | null;
  dpi?: number | null;
  active?: boolean | null;
  /** The stations this printer is the default of (replaces its current ones when given). */
  stations?: PrintStation[] | null;
}

const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * A printer address is a host name or an IP address and nothing else: no scheme ("http://"), no
 * port (it has its own field), no path or credentials. Returns the host to store, or the reason.
 */
export function checkHost(raw: string): { host: string } | { problem: string } {
  const host = raw.trim();
  if (!host) return { problem: "Give the printer's host name or IP address" };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host) || host.includes('/')) return { problem: 'Give only the host name or IP address, without http:// or a path' };
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare)) return { host: bare };
  if (/^[^:]+:\d+$/.test(host)) return { problem: 'Put the port in the port field, not after the host' };
  if (/^[\d.]+$/.test(host)) return { problem: `${host} is not a valid IP address` };
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length > 253 || !name.split('.').every((label) => HOST_LABEL.test(label))) return { problem: `${host} is not a valid host name or IP address` };
  return { host: name.toLowerCase() };
}

/** Whether PRINTER_PORTS lets the server send print jobs to `port` (read now: an operator may narrow it). */
export function printerPortAllowed(port: number): boolean {
  return parsePortRanges(configNow('PRINTER_PORTS'))!.some(([from, to]) => port >= from && port <= to);
}

const portNotAllowed = (port: number) => `Port ${port} is not a printer port here (allowed: ${configNow('PRINTER_PORTS')}; usually 9100)`;

/** Checks every field given (all of them for a new printer); every problem is reported, with its path. */
function validate(input: PrinterInput, path: string[]): { data: Partial<Omit<Printer, 'id' | 'createdAt' | 'updatedAt'>>; errors: UserErrorShape[] } {
  const errors: UserErrorShape[] = [];
  const data: Partial<Omit<Printer, 'id' | 'createdAt' | 'updatedAt'>> = {};
  if (input.name != null) {
    const name = input.name.trim();
    if (!name || name.length > 60) errors.push(userError('INVALID_INPUT', 'A printer name has 1–60 characters', [...path, 'name']));
    else data.name = name;
  }
  if (input.host != null) {
    const checked = checkHost(input.host);
    if ('problem' in checked) errors.push(userError('INVALID_INPUT', checked.problem, [...path, 'host']));
    else data.host = checked.host;
  }
  if (input.port != null) {
    if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)
      errors.push(userError('INVALID_INPUT', 'The port is a number from 1 to 65535 (usually 9100)', [...path, 'port']));
    else if (!printerPortAllowed(input.port)) errors.push(userError('INVALID_INPUT', portNotAllowed(input.port), [...path, 'port']));
    else data.port = input.port;
  }
  if (input.language != null) data.language = input.language;
  if (input.dpi != null) {
    if (input.dpi !== 203 && input.dpi !== 300) errors.push(userError('INVALID_INPUT', 'The resolution is 203 or 300 dpi', [...path, 'dpi']));
    else data.dpi = input.dpi;
  }
  for (const [field, max] of [
    ['labelWidthMm', 300],
    ['labelHeightMm', 1000],
  ] as const) {
    const value = input[field];
    if (value == null) continue;
    if (!Number.isInteger(value) || value < 10 || value > max)
      errors.push(userError('INVALID_INPUT', `Label sizes are whole millimetres from 10 to ${max}`, [...path, field]));
    else data[field] = value;
  }
  if (input.active != null) data.active = input.active;
  return { data, errors };
}

async function assertNameFree(tx: Tx, name: string | undefined, exceptId: string | null, path: string[]) {
  if (!name) return;
  const other = await tx.printer.findFirst({ where: { name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  if (other) throw new DomainError(userError('PRINTER_NAME_TAKEN', `There already is a printer called "${other.name}"`, [...path, 'name']));
}

/** Makes the printer the default of exactly `stations` (taking them from other printers). */
async function setStations(tx: Tx, printerId: string, stations: PrintStation[]) {
  const unique = [...new Set(stations)];
  await tx.stationPrinter.deleteMany({ where: { printerId, station: { notIn: unique } } });
  for (const station of unique) await tx.stationPrinter.upsert({ where: { station }, create: { station, printerId }, update: { printerId } });
}

export async function createPrinter(tx: Tx, input: PrinterInput & { name: string; host: string; language: LabelFormat }): Promise<{ printerId: string }> {
  const { data, errors } = validate(input, ['input']);
  if (errors.length) throw new DomainError(errors);
  if (input.active === false && input.stations?.length) {
    throw new DomainError(userError('PRINTER_INACTIVE', 'An inactive printer cannot be the default of a station', ['input', 'stations']));
  }
  await assertNameFree(tx, data.name, null, ['input']);
  const printer = await tx.printer.create({ data: { ...data, name: data.name!, host: data.host!, language: data.language! } });
  if (input.stations?.length) await setStations(tx, printer.id, input.stations);
  return { printerId: printer.id };
}

export async function updatePrinter(tx: Tx, printerId: string, input: PrinterInput): Promise<{ printerId: string }> {
  const existing = await tx.printer.findUnique({ where: { id: printerId } });
  if (!existing) throw new DomainError(userError('NOT_FOUND', 'No such printer', ['id']));
  const { data, errors } = validate(input, ['input']);
  if (errors.length) throw new DomainError(errors);
  const active = data.active ?? existing.active;
  if (!active && input.stations?.length) {
    throw new DomainError(userError('PRINTER_INACTIVE', 'An inactive printer cannot be the default of a station', ['input', 'stations']));
  }
  await assertNameFree(tx, data.name, printerId, ['input']);
  await tx.printer.update({ where: { id: printerId }, data });
  // A printer taken out of service stops being any station's default.
  if (!active) await setStations(tx, printerId, []);
  else if (input.stations) await setStations(tx, printerId, input.stations);
  return { printerId };
}

export async function deletePrinter(tx: Tx, printerId: string): Promise<{ deletedPrinterId: string }> {
  const deleted = await tx.printer.deleteMany({ where: { id: printerId } });
  if (!deleted.count) throw new DomainError(userError('NOT_FOUND', 'No such printer', ['id']));
  return { deletedPrinterId: printerId };
}

/** An active printer to print on, or a userError at `field`. */
export async function usablePrinter(db: Db | Tx, printerId: string, field: string[] = ['printerId']): Promise<Printer> {
  const printer = await db.printer.findUnique({ where: { id: printerId } });
  if (!printer) throw new DomainError(userError('NOT_FOUND', 'No such printer', field));
  if (!printer.active) throw new DomainError(userError('PRINTER_INACTIVE', `Printer "${printer.name}" is switched off in Settings`, field));
  return printer;
}

/** The shipping label is 100×150 mm (4×6 in): refused for printers loaded with smaller labels. */
export function assertFitsShippingLabel(printer: Printer, field: string[] = ['printerId']): void {
  if (printer.labelWidthMm < 100 || printer.labelHeightMm < 150) {
    throw new DomainError(
      userError(
        'LABEL_SIZE_MISMATCH',
        `Printer "${printer.name}" has ${printer.labelWidthMm}×${printer.labelHeightMm} mm labels; shipping labels need 100×150 mm`,
        field,
      ),
    );
  }
}

/** Options of the raw sender, settable by tests (short timeouts). */
export const printJobOptions: RawSendOptions = {};

/**
 * Sends a rendered job to the printer. Unreachable, refusing or too slow → PRINTER_UNREACHABLE at
 * `field` (the caller's transaction then rolls back: a job that did not get out records nothing).
 */
export async function sendToPrinter(printer: Printer, job: Buffer | string, field: string[] = ['printerId']): Promise<{ bytes: number }> {
  // A printer saved before PRINTER_PORTS was narrowed gets nothing either.
  if (!printerPortAllowed(printer.port)) throw new DomainError(userError('PRINTER_UNREACHABLE', `Printer "${printer.name}": ${portNotAllowed(printer.port)}`, field));
  try {
    return await sendRaw(printer.host, printer.port, job, printJobOptions);
  } catch (error) {
    if (error instanceof RawSendError) {
      throw new DomainError(userError('PRINTER_UNREACHABLE', `Printer "${printer.name}" could not be reached: ${error.message}`, field));
    }
    throw error;
  }
}

/** A small label showing the printer's name and settings, in its language, sent to it now. */
export async function testPrinter(db: Db | Tx, printerId: string): Promise<{ printerId: string; bytesSent: number }> {
  const printer = await usablePrinter(db, printerId);
  const data = {
    printerName: printer.name,
    address: `${printer.host.includes(':') ? `[${printer.host}]` : printer.host}:${printer.port}`,
    widthMm: printer.labelWidthMm,
    heightMm: printer.labelHeightMm,
    dpi: printer.dpi === 300 ? (300 as const) : (203 as const),
    code: `TEST-${printer.id.slice(-6).toUpperCase()}`,
    createdAt: new Date(),
  };
  const job = printer.language === 'ZPL' ? renderTestLabelZpl(data) : await renderTestLabelPdf(data);
  const { bytes } = await sendToPrinter(printer, job);
  return { printerId: printer.id, bytesSent: bytes };
}

/**
 * A PDF document (hand-over act, packing slip) sent to a PDF printer now, the same way labels go:
 * raw TCP, PRINTER_UNREACHABLE when it cannot be reached (the floor then opens the PDF). ZPL label
 * printers cannot print pages: PRINTER_LANGUAGE_MISMATCH. Writes nothing.
 */
async function printPdf(
  db: Db,
  printerId: string,
  render: () => Promise<DocumentShape | null>,
  notFound: UserErrorShape,
): Promise<{ printerId: string; bytesSent: number }> {
  const printer = await usablePrinter(db, printerId);
  if (printer.language !== 'PDF') {
    throw new DomainError(
      userError('PRINTER_LANGUAGE_MISMATCH', `Printer "${printer.name}" prints ${printer.language} labels; acts and packing slips need a PDF printer`, ['printerId']),
    );
  }
  const document = await render();
  if (!document) throw new DomainError(notFound);
  const { bytes } = await sendToPrinter(printer, Buffer.from(document.content, 'base64'));
  return { printerId: printer.id, bytesSent: bytes };
}

/** The hand-over act (A4, with the driver's signature line) on a PDF printer. */
export function printManifestAct(db: Db, params: { manifestId: string; printerId: string }) {
  return printPdf(
    db,
    params.printerId,
    async () => ((await db.manifest.count({ where: { id: params.manifestId } })) ? renderManifestAct(db, params.manifestId) : null),
    userError('NOT_FOUND', 'No such hand-over act', ['manifestId']),
  );
}

/** An order's packing slip / thank-you card on a PDF printer. */
export function printPackingSlip(db: Db, params: { orderId: string; printerId: string; locale: 'ru' | 'zh-CN' | 'en'; message?: string | null }) {
  return printPdf(db, params.printerId, () => renderPackingSlip(db, params.orderId, params.locale, params.message), userError('NOT_FOUND', 'No such order', ['orderId']));
}
