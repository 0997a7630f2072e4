// Evidence staff add to a delivery exception (addExceptionEvidence: photos, documents, notes, sent as
// GraphQL multipart requests) and who an exception may be given to (exceptionAssignees), through the
// GraphQL endpoint on the real database, with files in a throw-away uploads folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createShippedOrder } from '../tracking/tracking.fixtures.ts';

const E = 'userErrors { code field message }';
const ITEM = 'id kind note fileName contentType byteSize addedBy { id name } actor createdAt';
const ADD = `mutation($input: AddExceptionEvidenceInput!, $key: String) { addExceptionEvidence(input: $input, idempotencyKey: $key) {
  evidence { ${ITEM} } exception { id evidence { added { id kind } } } ${E} } }`;
const ADD_EVIDENCE_ONLY = `mutation($input: AddExceptionEvidenceInput!, $key: String) { addExceptionEvidence(input: $input, idempotencyKey: $key) { evidence { ${ITEM} } ${E} } }`;
const OPEN = `mutation($id: ID!, $kind: ExceptionKind!) { openException(orderId: $id, kind: $kind) { exception { id } ${E} } }`;
const FILE = `query($id: ID!) { exceptionEvidenceFile(id: $id) { filename contentType encoding content } }`;

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

interface Upload {
  bytes: Buffer;
  name: string;
  type: string;
}

describe('evidence staff add to a delivery exception', () => {
  let database: TestDatabase;
  let manager: TestClient;
  let uploads: string;
  let previousUploads: string | undefined;
  let keySeq = 0;
  const key = () => `evidence-${Date.now()}-${keySeq++}`;

  beforeAll(async () => {
    previousUploads = process.env.UPLOADS_DIR;
    uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-evidence-'));
    process.env.UPLOADS_DIR = uploads;
    database = await createTestDatabase();
    manager = createTestClient(database.prisma, { roles: ['MANAGER'] });
  });
  afterAll(async () => {
    await database.drop();
    if (previousUploads === undefined) delete process.env.UPLOADS_DIR;
    else process.env.UPLOADS_DIR = previousUploads;
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  /** addExceptionEvidence as a GraphQL multipart request (the file in part "0"), or plain JSON without one. */
  async function add(client: TestClient, input: Record<string, unknown>, file?: Upload, idempotencyKey?: string, query = ADD) {
    if (!file) return (await client(query, { input, key: idempotencyKey })).data.addExceptionEvidence;
    const form = new FormData();
    form.set('operations', JSON.stringify({ query, variables: { input: { ...input, file: null }, key: idempotencyKey } }));
    form.set('map', JSON.stringify({ 0: ['variables.input.file'] }));
    form.set('0', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    const response = await client.fetch('/graphql', { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    return body.data.addExceptionEvidence;
  }

  async function openLost() {
    const { order } = await createShippedOrder(database.prisma);
    const r = await manager(OPEN, { id: encodeGlobalID('Order', order.id), kind: 'LOST' });
    expect(r.data.openException.userErrors).toEqual([]);
    return {
      orderId: order.id,
      exceptionId: r.data.openException.exception.id as string,
      rawId: Buffer.from(r.data.openException.exception.id, 'base64').toString().split(':')[1],
    };
  }

  /** Everything addExceptionEvidence could write about an exception: rows, files, timeline, outbox. */
  async function written(e: { orderId: string; rawId: string }) {
    const dir = path.join(uploads, 'exceptions', e.rawId);
    return {
      items: await database.prisma.exceptionEvidenceItem.count({ where: { exceptionId: e.rawId } }),
      files: fs.existsSync(dir) ? fs.readdirSync(dir).length : 0,
      notes: await database.prisma.orderEvent.count({ where: { orderId: e.orderId, type: 'NOTE_ADDED' } }),
      outbox: await database.prisma.outboxEvent.count({ where: { aggregateId: e.orderId, type: 'exception.updated' } }),
    };
  }

  it('a manager adds a photo, a document and a note: listed with who and when, stored with the packing photos, on the timeline, announced', async () => {
    const e = await openLost();
    const { userId } = await manager.ready;
    const photo = await add(
      manager,
      { exceptionId: e.exceptionId, kind: 'PHOTO', note: '  Box crushed on one corner  ' },
      { bytes: png, name: 'IMG_0042.png', type: 'image/png' },
      key(),
    );
    expect(photo.userErrors).toEqual([]);
    expect(photo.evidence).toEqual({
      id: expect.any(String),
      kind: 'PHOTO',
      note: 'Box crushed on one corner',
      fileName: 'IMG_0042.png',
      contentType: 'image/png',
      byteSize: png.length,
      addedBy: { id: encodeGlobalID('User', userId!), name: 'Test MANAGER' },
      actor: `user:${userId}`,
      createdAt: expect.any(String),
    });
    // A PDF from the carrier; the type comes from the bytes, not from what the browser claimed.
    const letter = await add(
      manager,
      { exceptionId: e.exceptionId, kind: 'DOCUMENT' },
      { bytes: pdf, name: '../../etc/claim reply.pdf', type: 'application/octet-stream' },
    );
    expect(letter.userErrors).toEqual([]);
    expect(letter.evidence).toMatchObject({ kind: 'DOCUMENT', fileName: 'claim reply.pdf', contentType: 'application/pdf', byteSize: pdf.length, note: '' });
    const call = await add(manager, { exceptionId: e.exceptionId, kind: 'NOTE', note: 'Called the depot: parcel not found on the shelf.' });
    expect(call.userErrors).toEqual([]);
    expect(call.evidence).toMatchObject({ kind: 'NOTE', fileName: null, contentType: null, byteSize: null });
    expect(call.exception.evidence.added.map((i: { kind: string }) => i.kind)).toEqual(['PHOTO', 'DOCUMENT', 'NOTE']);

    // The files sit in the uploads folder, under the exception, and come back byte for byte.
    const rows = await database.prisma.exceptionEvidenceItem.findMany({ where: { exceptionId: e.rawId }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => r.filePath?.split(path.sep).slice(0, 2).join('/'))).toEqual([`exceptions/${e.rawId}`, `exceptions/${e.rawId}`, undefined]);
    expect(fs.readFileSync(path.join(uploads, rows[0].filePath!))).toEqual(png);
    const file = await manager(FILE, { id: photo.evidence.id });
    expect(file.data.exceptionEvidenceFile).toEqual({ filename: 'IMG_0042.png', contentType: 'image/png', encoding: 'BASE64', content: png.toString('base64') });
    expect((await manager(FILE, { id: call.evidence.id })).data.exceptionEvidenceFile).toBeNull();
    expect((await manager(FILE, { id: encodeGlobalID('Order', e.orderId) })).data.exceptionEvidenceFile).toBeNull();

    // The order's timeline notes each one (without the note's text); integrators hear exception.updated.
    const notes = await database.prisma.orderEvent.findMany({ where: { orderId: e.orderId, type: 'NOTE_ADDED' }, orderBy: { createdAt: 'asc' } });
    expect(notes.map((n) => [n.actor, (n.data as Record<string, unknown>).evidenceKind])).toEqual([
      [`user:${userId}`, 'PHOTO'],
      [`user:${userId}`, 'DOCUMENT'],
      [`user:${userId}`, 'NOTE'],
    ]);
    expect(JSON.stringify(notes.map((n) => n.data))).not.toContain('depot');
    const events = await database.prisma.outboxEvent.findMany({ where: { aggregateId: e.orderId, type: 'exception.updated' }, orderBy: { createdAt: 'asc' } });
    expect(events.map((ev) => (ev.payload as Record<string, unknown>).evidenceAdded)).toEqual(['PHOTO', 'DOCUMENT', 'NOTE']);
    expect(events[0].payload).toMatchObject({ exceptionId: e.rawId, kind: 'LOST', status: 'OPEN' });
  });

  it('an upload retried with its idempotency key is kept once; the key with another file is refused', async () => {
    const e = await openLost();
    const k = key();
    const first = await add(manager, { exceptionId: e.exceptionId, kind: 'PHOTO' }, { bytes: jpeg, name: 'a.jpg', type: 'image/jpeg' }, k);
    const again = await add(manager, { exceptionId: e.exceptionId, kind: 'PHOTO' }, { bytes: jpeg, name: 'a.jpg', type: 'image/jpeg' }, k);
    expect(again.userErrors).toEqual([]);
    expect(again.evidence.id).toBe(first.evidence.id);
    expect(await written(e)).toEqual({ items: 1, files: 1, notes: 1, outbox: 1 });
    const other = await add(manager, { exceptionId: e.exceptionId, kind: 'PHOTO' }, { bytes: png, name: 'a.jpg', type: 'image/png' }, k);
    expect(other.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })]);
    expect(await written(e)).toEqual({ items: 1, files: 1, notes: 1, outbox: 1 });
  });

  it('refuses bad input with typed userErrors at the field, and writes nothing', async () => {
    const e = await openLost();
    const text = { bytes: Buffer.from('just some text, not a picture'), name: 'note.txt', type: 'text/plain' };
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1);
    jpeg.copy(huge);
    const cases: [string, Record<string, unknown>, Upload | undefined, { code: string; field: string[] }[]][] = [
      ['a PDF as a photo', { kind: 'PHOTO' }, { bytes: pdf, name: 'x.pdf', type: 'application/pdf' }, [{ code: 'INVALID_FILE', field: ['input', 'file'] }]],
      ['a text file as a document', { kind: 'DOCUMENT' }, text, [{ code: 'INVALID_FILE', field: ['input', 'file'] }]],
      ['a photo over 10 MB', { kind: 'PHOTO' }, { bytes: huge, name: 'big.jpg', type: 'image/jpeg' }, [{ code: 'INVALID_FILE', field: ['input', 'file'] }]],
      ['an empty file', { kind: 'PHOTO' }, { bytes: Buffer.alloc(0), name: 'empty.jpg', type: 'image/jpeg' }, [{ code: 'INVALID_INPUT', field: ['input', 'file'] }]],
      ['a photo without its file', { kind: 'PHOTO' }, undefined, [{ code: 'INVALID_INPUT', field: ['input', 'file'] }]],
      ['a note without text', { kind: 'NOTE', note: '   ' }, undefined, [{ code: 'INVALID_INPUT', field: ['input', 'note'] }]],
      [
        'a note with a file and too long',
        { kind: 'NOTE', note: 'x'.repeat(2001) },
        { bytes: png, name: 'p.png', type: 'image/png' },
        [
          { code: 'INVALID_INPUT', field: ['input', 'note'] },
          { code: 'INVALID_INPUT', field: ['input', 'file'] },
        ],
      ],
    ];
    for (const [name, input, file, expected] of cases) {
      const r = await add(manager, { exceptionId: e.exceptionId, ...input }, file);
      expect(
        r.userErrors.map((u: { code: string; field: string[] }) => ({ code: u.code, field: u.field })),
        name,
      ).toEqual(expected);
      expect(r.evidence, name).toBeNull();
    }
    expect(await written(e)).toEqual({ items: 0, files: 0, notes: 0, outbox: 0 });

    const unknown = await add(
      manager,
      { exceptionId: encodeGlobalID('DeliveryException', '00000000-0000-7000-8000-000000000000'), kind: 'PHOTO' },
      { bytes: png, name: 'p.png', type: 'image/png' },
    );
    expect(unknown.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'exceptionId'], message: 'No such exception' }]);

    // An exception that has ended takes no more evidence.
    const closed = await manager(`mutation($id: ID!) { closeException(exceptionId: $id) { ${E} } }`, { id: e.exceptionId });
    expect(closed.data.closeException.userErrors).toEqual([]);
    const before = await written(e);
    const late = await add(manager, { exceptionId: e.exceptionId, kind: 'PHOTO' }, { bytes: png, name: 'p.png', type: 'image/png' });
    expect(late.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'exceptionId'] })]);
    expect(await written(e)).toEqual(before);
    expect(fs.existsSync(path.join(uploads, 'exceptions', e.rawId))).toBe(false);
  });

  it('needs exceptions:manage to add evidence and exceptions:read to read it; a write_shipments key adds it as itself', async () => {
    const e = await openLost();
    const packer = createTestClient(database.prisma, { roles: ['PACKER'] });
    const denied = await packer(ADD, { input: { exceptionId: e.exceptionId, kind: 'NOTE', note: 'x' } });
    expect(denied.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', requiredPermissions: ['exceptions:manage'] });
    expect(await written(e)).toEqual({ items: 0, files: 0, notes: 0, outbox: 0 });

    const carrierKey = createTestClient(database.prisma, { apiKeyScopes: ['write_shipments'] });
    // (A carrier's key reads no orders: the payload's evidence, not its exception.)
    const byKey = await add(
      carrierKey,
      { exceptionId: e.exceptionId, kind: 'DOCUMENT' },
      { bytes: pdf, name: 'act.pdf', type: 'application/pdf' },
      undefined,
      ADD_EVIDENCE_ONLY,
    );
    expect(byKey.userErrors).toEqual([]);
    const { apiKeyId } = await carrierKey.ready;
    expect(byKey.evidence).toMatchObject({ addedBy: null, actor: `apikey:${apiKeyId}` });
    const picker = createTestClient(database.prisma, { roles: ['PICKER'] });
    const file = await picker(FILE, { id: byKey.evidence.id });
    expect(file.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', requiredPermissions: ['exceptions:read'] });
  });

  it('exceptionAssignees lists the active staff who can act on exceptions, by name; assignException gives one to them', async () => {
    const db = database.prisma;
    const user = (name: string, roles: ('ADMIN' | 'MANAGER' | 'SUPPORT' | 'PICKER' | 'PACKER')[], active = true) =>
      db.user.create({ data: { email: `${name.toLowerCase()}-${Date.now()}@orderly.test`, name, passwordHash: 'x', roles, active } });
    const anna = await user('Anna', ['SUPPORT']);
    await user('Boris', ['PICKER']);
    await user('Chen', ['PACKER']);
    await user('Dmitri', ['MANAGER'], false);
    const ivan = await user('Ivan', ['PICKER', 'MANAGER']);
    const list = await manager(`{ exceptionAssignees { id name } }`);
    expect(list.errors).toBeUndefined();
    const names = list.data.exceptionAssignees.map((u: { name: string }) => u.name);
    expect(names).toEqual(expect.arrayContaining(['Anna', 'Ivan', 'Test MANAGER']));
    expect(names).not.toEqual(expect.arrayContaining(['Boris']));
    expect(names.filter((n: string) => ['Boris', 'Chen', 'Dmitri'].includes(n))).toEqual([]);
    expect([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
    expect(list.data.exceptionAssignees.find((u: { name: string }) => u.name === 'Anna').id).toBe(encodeGlobalID('User', anna.id));

    const picker = createTestClient(db, { roles: ['PICKER'] });
    expect((await picker(`{ exceptionAssignees { name } }`)).errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', requiredPermissions: ['exceptions:manage'] });

    const e = await openLost();
    const assign = await manager(`mutation($id: ID!, $user: ID) { assignException(exceptionId: $id, userId: $user) { exception { owner { name } } ${E} } }`, {
      id: e.exceptionId,
      user: encodeGlobalID('User', ivan.id),
    });
    expect(assign.data.assignException).toEqual({ exception: { owner: { name: 'Ivan' } }, userErrors: [] });
  });
});
