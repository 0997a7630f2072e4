// Ozon's documents and outbound steps in GraphQL: the Ozon acts of a manifest (status, Ozon's act id,
// the act and waybill PDF), and on a marketplace posting its label, cancellation and rFBS tracking
// as sent to Ozon. Errors are Ozon's codes and messages only (no buyer data).
import { builder } from '../../builder.ts';
import { binaryDocument } from '../../core/document.ts';
import { DocumentRef as Document, documentCost } from '../common/document.ts';

const OzonActRef = builder.prismaObject('OzonAct', {
  authScopes: { permission: 'shipping' },
  description: "Ozon's hand-over act and waybill for the Ozon parcels of a closed manifest (one per Ozon account).",
  fields: (t) => ({
    status: t.exposeString('status', { description: 'PENDING (not sent yet), CREATED (Ozon is forming it), READY (PDF kept).' }),
    ozonActId: t.exposeString('ozonActId', { nullable: true, description: "Ozon's act id." }),
    postingNumbers: t.exposeStringList('postingNumbers'),
    error: t.exposeString('error', { nullable: true, description: "The last failure (Ozon's error code and message); the job keeps trying." }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    document: t.field({
      type: Document,
      nullable: true,
      authScopes: { permission: 'documents:print' },
      complexity: documentCost,
      description: "Ozon's act and waybill PDF, once READY (needs documents:print).",
      select: { pdf: true, ozonActId: true },
      resolve: (a) => (a.pdf ? binaryDocument(`ozon-act-${a.ozonActId}.pdf`, 'application/pdf', a.pdf) : null),
    }),
  }),
});

builder.prismaObjectField('Manifest', 'ozonActs', (t) =>
  t.prismaField({
    type: [OzonActRef],
    // One act per Ozon account on the manifest: almost always one, so a list of ten is far too dear.
    complexity: { field: 1, multiplier: 1 },
    description: "Ozon's acts for the Ozon parcels on this manifest, created once it is closed.",
    select: { id: true },
    resolve: (query, m, _args, ctx) => ctx.db.ozonAct.findMany({ ...query, where: { manifestId: m.id }, orderBy: { createdAt: 'asc' } }),
  }),
);

builder.prismaObjectFields('OzonPosting', (t) => ({
  labelFetchedAt: t.expose('labelFetchedAt', { type: 'DateTime', nullable: true, description: "When Ozon's package label was fetched (about a minute after ship)." }),
  labelError: t.exposeString('labelError', { nullable: true, description: "Why Ozon's label is not here yet (Ozon's answer); tried again every minute." }),
  label: t.field({
    type: Document,
    nullable: true,
    authScopes: { permission: 'documents:print' },
    complexity: documentCost,
    description: "Ozon's package label PDF for this posting, once fetched (needs documents:print).",
    select: { labelPdf: true, postingNumber: true },
    resolve: (p) => (p.labelPdf ? binaryDocument(`ozon-label-${p.postingNumber}.pdf`, 'application/pdf', p.labelPdf) : null),
  }),
  cancelSentAt: t.expose('cancelSentAt', { type: 'DateTime', nullable: true, description: 'When our cancellation reached Ozon.' }),
  cancelReasonId: t.exposeInt('cancelReasonId', { nullable: true, description: "Ozon's cancel reason id we sent." }),
  cancelError: t.exposeString('cancelError', { nullable: true }),
  trackingNumber: t.exposeString('trackingNumber', { nullable: true, description: 'rFBS: the tracking number sent to Ozon.' }),
  trackingSentAt: t.expose('trackingSentAt', { type: 'DateTime', nullable: true }),
  trackingError: t.exposeString('trackingError', { nullable: true, description: 'rFBS: why Ozon refused the tracking number (NOT_RFBS: Ozon delivers this posting).' }),
}));
