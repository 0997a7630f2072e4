// Evidence staff add to a delivery exception (addExceptionEvidence), its files, and who may be
// given an exception to look after (exceptionAssignees, for assignException).
import { ExceptionEvidenceKind, Role } from '@orderly/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder.ts';
import { binaryDocument } from '../../core/document.ts';
import { permissionsForRoles } from '../auth/permissions.ts';
import { DocumentRef, documentCost } from '../common/document.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { addExceptionEvidence, maxEvidenceBytes, readEvidenceFile, uploadFingerprint } from './evidence.service.ts';
import { DeliveryException, ExceptionEvidence, ExceptionOwner } from './exceptions.graphql.ts';

const ExceptionEvidenceKindEnum = builder.enumType(ExceptionEvidenceKind, {
  name: 'ExceptionEvidenceKind',
  description: 'PHOTO: an image (JPEG, PNG, WebP); DOCUMENT: a PDF or an image of a page; NOTE: text only.',
});

const fileSelect = { filePath: true, fileName: true, contentType: true } as const;
const evidenceFile = async (item: { filePath: string | null; fileName: string | null; contentType: string | null }) => {
  const file = await readEvidenceFile(item);
  return file && binaryDocument(file.filename, file.contentType, file.bytes);
};

export const ExceptionEvidenceItem = builder.prismaObject('ExceptionEvidenceItem', {
  authScopes: { permission: 'exceptions:read' },
  description: 'A photo, document or note staff added to a delivery exception (addExceptionEvidence).',
  fields: (t) => ({
    id: t.id({ description: 'For exceptionEvidenceFile.', resolve: (e) => encodeGlobalID('ExceptionEvidenceItem', e.id) }),
    kind: t.expose('kind', { type: ExceptionEvidenceKindEnum }),
    note: t.exposeString('note'),
    fileName: t.exposeString('fileName', { nullable: true, description: 'The name it was uploaded with (null for a note).' }),
    contentType: t.exposeString('contentType', {
      nullable: true,
      description: 'What the file is, from its content: image/jpeg, image/png, image/webp or application/pdf.',
    }),
    byteSize: t.exposeInt('byteSize', { nullable: true }),
    file: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'The file (base64); null for a note. One at a time: exceptionEvidenceFile.',
      complexity: documentCost,
      select: fileSelect,
      resolve: (e) => evidenceFile(e),
    }),
    addedBy: t.relation('addedByUser', { type: ExceptionOwner, nullable: true, description: 'The staff member who added it (null when an API key did).' }),
    actor: t.exposeString('addedBy', { description: 'user:<id> or apikey:<id>.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.objectField(ExceptionEvidence, 'added', (t) =>
  t.prismaField({
    type: [ExceptionEvidenceItem],
    description: 'Photos, documents and notes staff added (addExceptionEvidence), oldest first.',
    resolve: (query, e, _args, ctx) =>
      ctx.db.exceptionEvidenceItem.findMany({ ...query, where: { exceptionId: e.exceptionId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  }),
);

/** Roles whose members can act on exceptions (exceptions:manage): who an exception may be given to. */
const managingRoles = Object.values(Role).filter((role) => permissionsForRoles([role]).has('exceptions:manage'));

builder.queryFields((t) => ({
  exceptionEvidenceFile: t.field({
    type: DocumentRef,
    nullable: true,
    authScopes: { permission: 'exceptions:read' },
    complexity: documentCost,
    description: 'The file of one added evidence item (ExceptionEvidenceItem.id); null for a note or an unknown id.',
    args: { id: t.arg.globalID() },
    resolve: async (_root, args, ctx) => {
      if (args.id.typename !== 'ExceptionEvidenceItem') return null;
      const item = await ctx.db.exceptionEvidenceItem.findUnique({ where: { id: args.id.id }, select: fileSelect }).catch(() => null);
      return item && evidenceFile(item);
    },
  }),
  exceptionAssignees: t.prismaField({
    type: [ExceptionOwner],
    authScopes: { permission: 'exceptions:manage' },
    description: 'Active staff who can act on delivery exceptions (exceptions:manage), by name: whom assignException may give one to.',
    resolve: (query, _root, _args, ctx) =>
      ctx.db.user.findMany({ ...query, where: { active: true, roles: { hasSome: managingRoles } }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 500 }),
  }),
}));

const AddExceptionEvidenceInput = builder.inputType('AddExceptionEvidenceInput', {
  fields: (t) => ({
    exceptionId: t.globalID({ for: DeliveryException, description: 'An open exception.' }),
    kind: t.field({ type: ExceptionEvidenceKindEnum }),
    file: t.field({
      type: 'File',
      required: false,
      description: `PHOTO: JPEG/PNG/WebP; DOCUMENT: PDF or an image; at most ${maxEvidenceBytes / 1024 / 1024} MB; none for a NOTE. Send as a GraphQL multipart request.`,
    }),
    note: t.string({ required: false, description: 'At most 2000 characters; required for a NOTE.' }),
  }),
});

const AddExceptionEvidencePayload = payloadType<{ evidenceId: string; exceptionId: string; orderId: string }>('AddExceptionEvidencePayload', {
  description: 'The evidence added and its exception, or userErrors saying why nothing was written.',
  fields: (t) => ({
    evidence: t.prismaField({
      type: ExceptionEvidenceItem,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.evidenceId ? ctx.db.exceptionEvidenceItem.findUnique({ ...query, where: { id: p.evidenceId } }) : null),
    }),
    exception: t.prismaField({
      type: DeliveryException,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.exceptionId ? ctx.db.exceptionCase.findUnique({ ...query, where: { id: p.exceptionId } }) : null),
    }),
  }),
});

builder.mutationFields((t) => ({
  addExceptionEvidence: t.field({
    authScopes: { permission: 'exceptions:manage' },
    type: AddExceptionEvidencePayload,
    description:
      "Add a photo, a document or a note to an open exception's evidence (who and when are kept; the order's timeline notes it; exception.updated is announced). Files go as a GraphQL multipart request. An unknown or ended exception, a wrong or oversized file, a note without text: userErrors, nothing written.",
    args: { input: t.arg({ type: AddExceptionEvidenceInput }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) => {
      const { file: upload, ...input } = args.input;
      const file = upload ? { bytes: new Uint8Array(await upload.arrayBuffer()), name: upload.name } : null;
      return runMutation(
        ctx,
        'addExceptionEvidence',
        { idempotencyKey: args.idempotencyKey, input: { ...input, exceptionId: input.exceptionId.id, file: uploadFingerprint(file) } },
        (tx, actor) =>
          addExceptionEvidence(tx, {
            exceptionId: input.exceptionId.id,
            kind: input.kind,
            file,
            note: input.note,
            actor,
            userId: ctx.viewer?.userId ?? null,
            now: ctx.now,
          }),
      );
    },
  }),
}));
