// Network label printers through the GraphQL endpoint on the real PostgreSQL, printing to real TCP
// listeners on 127.0.0.1 that capture the bytes a printer would receive on port 9100.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@orderly/schema';
import { seedDemoData } from '@orderly/schema/seed';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { checkHost } from './printing.service.ts';
import { RawSendError, sendRaw } from './raw-tcp.ts';

const E = 'userErrors { code field message }';
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** A stand-in printer: accepts raw TCP connections and keeps what each one sent. */
async function startListener() {
  const jobs: Buffer[] = [];
  const waiting: (() => void)[] = [];
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      waiting.splice(0).forEach((wake) => wake());
      socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    jobs,
    /** The next job (or one already received and not yet taken). */
    async next(taken: number): Promise<string> {
      while (jobs.length <= taken) await new Promise<void>((resolve) => waiting.push(resolve));
      return jobs[taken]!.toString('utf8');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const CREATE = `mutation($input: CreatePrinterInput!, $key: String) { createPrinter(input: $input, idempotencyKey: $key) { printer { id name host port language labelWidthMm labelHeightMm dpi active stations } ${E} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdatePrinterInput!) { updatePrinter(id: $id, input: $input) { printer { id name host port active stations } ${E} } }`;
const PRINTERS = `{ printers { name active stations } }`;
const PRINT = `mutation($parcel: ID!, $printer: ID, $format: LabelFormat, $key: String) {
  printLabel(parcelId: $parcel, carrierCode: "cdek", printerId: $printer, format: $format, idempotencyKey: $key) {
    label { format printCount } parcel { code status } printer { name } bytesSent ${E}
  }
}`;

describe('label printers', () => {
  let database: TestDatabase;
  let db: Db;
  let manager: TestClient;
  let packer: TestClient;
  let printer: Awaited<ReturnType<typeof startListener>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.prisma;
    await seedDemoData(db);
    manager = createTestClient(db, { roles: ['MANAGER'] });
    packer = createTestClient(db, { roles: ['PACKER'] });
    printer = await startListener();
  }, 120_000);
  afterAll(async () => {
    await printer?.close();
    await database?.drop();
  });

  const create = async (input: Record<string, unknown>, key?: string) => (await manager(CREATE, { input, key })).data.createPrinter;
  /** A PACKED parcel of a PACKED order from the demo data, not labelled yet. */
  const packedParcel = async () => db.parcel.findFirstOrThrow({ where: { status: 'PACKED', order: { status: 'PACKED' } }, orderBy: { code: 'asc' } });

  it('refuses printer addresses that are not a host name or IP, and ports out of range, with field paths', async () => {
    const bad = await create({ name: 'Bad', host: 'http://192.168.1.50', port: 70000, language: 'ZPL', dpi: 250 });
    expect(bad.printer).toBeNull();
    expect(bad.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'host'] }),
      expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'port'] }),
      expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'dpi'] }),
    ]);
    const withPort = await create({ name: 'Bad', host: 'zebra.local:9100', language: 'ZPL' });
    expect(withPort.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'host'], message: expect.stringMatching(/port field/) })]);
    expect(await db.printer.count()).toBe(0);

    expect(checkHost('192.168.1.50')).toEqual({ host: '192.168.1.50' });
    expect(checkHost(' Zebra-Pack1.warehouse.local ')).toEqual({ host: 'zebra-pack1.warehouse.local' });
    expect(checkHost('[fe80::1]')).toEqual({ host: 'fe80::1' });
    for (const wrong of ['', 'tcp://10.0.0.5', '10.0.0.5/print', '999.1.1.1', 'bad_name.local', 'user@host', '-lead.local']) {
      expect(checkHost(wrong), wrong).toHaveProperty('problem');
    }
  });

  it('managers add, list, change and remove printers; one default per station; idempotent create', async () => {
    const input = { name: 'Pack table 1', host: '127.0.0.1', port: printer.port, language: 'ZPL', stations: ['PACK', 'SHIP'] };
    const first = await create(input, 'create-printer-0001');
    expect(first.userErrors).toEqual([]);
    expect(first.printer).toMatchObject({ name: 'Pack table 1', host: '127.0.0.1', port: printer.port, labelWidthMm: 100, labelHeightMm: 150, dpi: 203, active: true });
    expect(first.printer.stations).toEqual(['PACK', 'SHIP']);
    const replay = await create(input, 'create-printer-0001');
    expect(replay.printer.id).toBe(first.printer.id);
    expect(await db.printer.count()).toBe(1);

    const taken = await create({ ...input, name: 'PACK TABLE 1', stations: [] });
    expect(taken.userErrors).toEqual([expect.objectContaining({ code: 'PRINTER_NAME_TAKEN', field: ['input', 'name'] })]);

    // A second printer takes the PACK station: each station has one default.
    const second = await create({ name: 'Pack table 2', host: 'zebra-2.warehouse.local', language: 'PDF', labelWidthMm: 100, labelHeightMm: 150, stations: ['PACK'] });
    expect(second.userErrors).toEqual([]);
    expect((await packer(PRINTERS)).data.printers).toEqual([
      { name: 'Pack table 1', active: true, stations: ['SHIP'] },
      { name: 'Pack table 2', active: true, stations: ['PACK'] },
    ]);

    const badPort = await manager(UPDATE, { id: second.printer.id, input: { port: 0 } });
    expect(badPort.data.updatePrinter.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'port'] })]);
    // Out of service: no longer a station default.
    const off = await manager(UPDATE, { id: second.printer.id, input: { active: false } });
    expect(off.data.updatePrinter.printer).toMatchObject({ active: false, stations: [] });

    const removed = await manager(`mutation($id: ID!) { deletePrinter(id: $id) { deletedPrinterId ${E} } }`, { id: second.printer.id });
    expect(removed.data.deletePrinter).toEqual({ deletedPrinterId: second.printer.id, userErrors: [] });
    const again = await manager(`mutation($id: ID!) { deletePrinter(id: $id) { deletedPrinterId ${E} } }`, { id: second.printer.id });
    expect(again.data.deletePrinter.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['id'] })]);

    const denied = await packer(CREATE, { input: { ...input, name: 'By a packer' } });
    expect(denied.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', requiredPermissions: ['printers:manage'] });
  });

  it('printLabel with a printer sends the ZPL label over raw TCP and writes the print on the timeline', async () => {
    const printerId = (await db.printer.findFirstOrThrow({ where: { name: 'Pack table 1' } })).id;
    const parcel = await packedParcel();
    const before = printer.jobs.length;
    const r = await packer(PRINT, { parcel: globalId('Parcel', parcel.id), printer: globalId('Printer', printerId), key: 'print-label-0001' });
    expect(r.errors).toBeUndefined();
    expect(r.data.printLabel).toMatchObject({
      label: { format: 'ZPL', printCount: 1 },
      parcel: { code: parcel.code, status: 'LABELLED' },
      printer: { name: 'Pack table 1' },
      userErrors: [],
    });

    const zpl = await printer.next(before);
    expect(r.data.printLabel.bytesSent).toBe(Buffer.byteLength(zpl));
    expect(zpl.startsWith('^XA\n')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    expect(zpl).toContain('^PW812'); // 203 dpi, 4×6 in
    // The Code 128 carries the parcel code (no tracking number yet).
    expect(zpl).toMatch(new RegExp(`\\^BCN,[^\\n]*\\^FD${parcel.code}\\^FS`));

    const events = await db.orderEvent.findMany({ where: { orderId: parcel.orderId, type: 'LABEL_PRINTED' } });
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ parcel: parcel.code, format: 'ZPL', printer: 'Pack table 1', printerId, reprint: false })]);

    // A retry with the same key (the answer was lost) prints nothing a second time.
    const replay = await packer(PRINT, { parcel: globalId('Parcel', parcel.id), printer: globalId('Printer', printerId), key: 'print-label-0001' });
    expect(replay.data.printLabel.userErrors).toEqual([]);
    expect(printer.jobs.length).toBe(before + 1);

    // 300 dpi printers get the label drawn for 300 dpi.
    await manager(UPDATE, { id: globalId('Printer', printerId), input: { dpi: 300 } });
    const reprint = await packer(PRINT, { parcel: globalId('Parcel', parcel.id), printer: globalId('Printer', printerId) });
    expect(reprint.data.printLabel).toMatchObject({ label: { printCount: 2 }, userErrors: [] });
    expect(await printer.next(before + 1)).toContain('^PW1200');
  });

  it('an unreachable printer answers PRINTER_UNREACHABLE at once and records nothing; the PDF stays the fallback', async () => {
    const port = await closedPort();
    const created = await create({ name: 'Switched off', host: '127.0.0.1', port, language: 'ZPL' });
    const parcel = await packedParcel();
    const labelsBefore = await db.shippingLabel.count({ where: { parcelId: parcel.id } });
    const eventsBefore = await db.orderEvent.count({ where: { orderId: parcel.orderId } });

    const r = await packer(PRINT, { parcel: globalId('Parcel', parcel.id), printer: created.printer.id });
    expect(r.data.printLabel).toMatchObject({ label: null, printer: null, userErrors: [expect.objectContaining({ code: 'PRINTER_UNREACHABLE', field: ['printerId'] })] });
    expect(r.data.printLabel.userErrors[0].message).toMatch(/Switched off.*refused/);
    expect(await db.shippingLabel.count({ where: { parcelId: parcel.id } })).toBe(labelsBefore);
    expect(await db.orderEvent.count({ where: { orderId: parcel.orderId } })).toBe(eventsBefore);
    expect((await db.parcel.findUniqueOrThrow({ where: { id: parcel.id } })).status).toBe('PACKED');

    const pdf = await packer(PRINT, { parcel: globalId('Parcel', parcel.id), format: 'PDF' });
    expect(pdf.data.printLabel).toMatchObject({ label: { format: 'PDF' }, printer: null, bytesSent: null, userErrors: [] });

    const test = await packer(`mutation($id: ID!) { testPrinter(printerId: $id) { bytesSent ${E} } }`, { id: created.printer.id });
    expect(test.data.testPrinter).toEqual({ bytesSent: null, userErrors: [expect.objectContaining({ code: 'PRINTER_UNREACHABLE', field: ['printerId'] })] });
  });

  it('keeps printers on the ports PRINTER_PORTS allows: refused when set up, nothing sent when narrowed later', async () => {
    const saved = await create({ name: 'Port check', host: '127.0.0.1', port: printer.port, language: 'ZPL' });
    const received = printer.jobs.length;
    process.env.PRINTER_PORTS = '9100-9109';
    try {
      // Aimed at this machine's Redis: refused at the field, nothing stored.
      const redis = await create({ name: 'Not a printer', host: '127.0.0.1', port: 6379, language: 'ZPL' });
      expect(redis).toMatchObject({
        printer: null,
        userErrors: [expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'port'], message: expect.stringMatching(/6379.*9100-9109/) })],
      });
      expect(await db.printer.count({ where: { name: 'Not a printer' } })).toBe(0);
      const moved = await manager(UPDATE, { id: saved.printer.id, input: { port: 5432 } });
      expect(moved.data.updatePrinter.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'port'] })]);

      // Saved before the list was narrowed: the server sends it nothing.
      const test = await packer(`mutation($id: ID!) { testPrinter(printerId: $id) { bytesSent ${E} } }`, { id: saved.printer.id });
      expect(test.data.testPrinter).toEqual({ bytesSent: null, userErrors: [expect.objectContaining({ code: 'PRINTER_UNREACHABLE', field: ['printerId'] })] });
      expect(printer.jobs.length).toBe(received);
    } finally {
      delete process.env.PRINTER_PORTS;
    }
    const after = await packer(`mutation($id: ID!) { testPrinter(printerId: $id) { bytesSent ${E} } }`, { id: saved.printer.id });
    expect(after.data.testPrinter.bytesSent).toBeGreaterThan(0);
  });

  it('refuses small labels and printers out of service; testPrinter sends a test label in the printer language and size', async () => {
    const small = await create({ name: 'Shelf labels', host: '127.0.0.1', port: printer.port, language: 'ZPL', labelWidthMm: 58, labelHeightMm: 40 });
    // The size is checked before anything else: any parcel will do.
    const parcel = await db.parcel.findFirstOrThrow();
    const tooSmall = await packer(PRINT, { parcel: globalId('Parcel', parcel.id), printer: small.printer.id });
    expect(tooSmall.data.printLabel.userErrors).toEqual([expect.objectContaining({ code: 'LABEL_SIZE_MISMATCH', field: ['printerId'] })]);

    const before = printer.jobs.length;
    const test = await packer(`mutation($id: ID!) { testPrinter(printerId: $id) { printer { name } bytesSent ${E} } }`, { id: small.printer.id });
    expect(test.data.testPrinter).toMatchObject({ printer: { name: 'Shelf labels' }, userErrors: [] });
    const zpl = await printer.next(before);
    expect(test.data.testPrinter.bytesSent).toBe(Buffer.byteLength(zpl));
    expect(zpl).toMatch(/^\^XA\n[\s\S]*\^PW464\n\^LL320\n[\s\S]*Shelf labels[\s\S]*\^XZ\n$/);

    await manager(UPDATE, { id: small.printer.id, input: { language: 'PDF' } });
    await packer(`mutation($id: ID!) { testPrinter(printerId: $id) { ${E} } }`, { id: small.printer.id });
    expect((await printer.next(before + 1)).startsWith('%PDF-')).toBe(true);

    await manager(UPDATE, { id: small.printer.id, input: { active: false } });
    const inactive = await packer(`mutation($id: ID!) { testPrinter(printerId: $id) { ${E} } }`, { id: small.printer.id });
    expect(inactive.data.testPrinter.userErrors).toEqual([expect.objectContaining({ code: 'PRINTER_INACTIVE', field: ['printerId'] })]);
  });

  it('sends hand-over acts and packing slips to a PDF printer; ZPL label printers and unreachable ones say so', async () => {
    const office = await create({ name: 'Office A4', host: '127.0.0.1', port: printer.port, language: 'PDF', labelWidthMm: 210, labelHeightMm: 297 });
    const opened = await packer(`mutation { createManifest(carrierCode: "cdek") { manifest { id } ${E} } }`);
    const manifestId = opened.data.createManifest.manifest.id;
    const order = await db.order.findFirstOrThrow({ where: { status: 'PACKED' } });
    const ACT = `mutation($m: ID!, $p: ID!) { printManifestAct(manifestId: $m, printerId: $p) { printer { name } bytesSent ${E} } }`;
    const SLIP = `mutation($o: ID!, $p: ID!) { printPackingSlip(orderId: $o, printerId: $p, locale: en) { printer { name } bytesSent ${E} } }`;

    const before = printer.jobs.length;
    const act = await packer(ACT, { m: manifestId, p: office.printer.id });
    expect(act.data.printManifestAct).toMatchObject({ printer: { name: 'Office A4' }, userErrors: [] });
    const actJob = await printer.next(before);
    expect(actJob.startsWith('%PDF-')).toBe(true);
    expect(act.data.printManifestAct.bytesSent).toBe(printer.jobs[before]!.length);

    const slip = await packer(SLIP, { o: globalId('Order', order.id), p: office.printer.id });
    expect(slip.data.printPackingSlip).toMatchObject({ printer: { name: 'Office A4' }, userErrors: [] });
    expect((await printer.next(before + 1)).startsWith('%PDF-')).toBe(true);
    expect(slip.data.printPackingSlip.bytesSent).toBe(printer.jobs[before + 1]!.length);

    // A ZPL label printer cannot print pages; an unknown act is not found; nothing is sent for either.
    const zebra = await create({ name: 'Zebra pages', host: '127.0.0.1', port: printer.port, language: 'ZPL' });
    const onZpl = await packer(SLIP, { o: globalId('Order', order.id), p: zebra.printer.id });
    expect(onZpl.data.printPackingSlip).toEqual({
      printer: null,
      bytesSent: null,
      userErrors: [expect.objectContaining({ code: 'PRINTER_LANGUAGE_MISMATCH', field: ['printerId'] })],
    });
    const noAct = await packer(ACT, { m: globalId('Manifest', order.id), p: office.printer.id });
    expect(noAct.data.printManifestAct.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['manifestId'] })]);
    expect(printer.jobs.length).toBe(before + 2);

    // Switched off: PRINTER_UNREACHABLE, and the floor opens the PDF instead.
    const gone = await create({ name: 'Office gone', host: '127.0.0.1', port: await closedPort(), language: 'PDF' });
    const unreachable = await packer(ACT, { m: manifestId, p: gone.printer.id });
    expect(unreachable.data.printManifestAct.userErrors).toEqual([expect.objectContaining({ code: 'PRINTER_UNREACHABLE', field: ['printerId'] })]);
    const picker = createTestClient(db, { roles: ['PICKER'] });
    expect((await picker(SLIP, { o: globalId('Order', order.id), p: office.printer.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a printer that accepts the connection but takes nothing ends in a timeout, not a hang', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer({ pauseOnConnect: true }, (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    // Far more than the socket buffers hold: the write cannot finish while the printer reads nothing.
    const error = await sendRaw('127.0.0.1', port, Buffer.alloc(64 * 1024 * 1024, 0x20), { timeoutMs: 300 }).catch((e: unknown) => e);
    sockets.forEach((s) => s.destroy());
    server.close();
    expect(error).toBeInstanceOf(RawSendError);
    expect((error as RawSendError).kind).toBe('TIMEOUT');
  });
});
