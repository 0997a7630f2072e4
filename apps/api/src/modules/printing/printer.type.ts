// The Printer type and the label-language enum it shares with printLabel (imported by the shipping
// module; this file imports nothing of other modules, so the two never import each other).
import { LabelFormat, PrintStation } from '@orderly/schema';
import { builder } from '../../builder.ts';

export const LabelFormatEnum = builder.enumType(LabelFormat, {
  name: 'LabelFormat',
  description: 'PDF (100×150 mm) or ZPL for thermal printers; also the language a network printer takes.',
});
export const PrintStationEnum = builder.enumType(PrintStation, {
  name: 'PrintStation',
  description: 'Where on the floor a device prints: picking, packing, hand-over to the carrier.',
});

export const Printer = builder.prismaNode('Printer', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'documents:print' },
  description: 'A network label printer; the server sends jobs to host:port over raw TCP (port 9100).',
  fields: (t) => ({
    name: t.exposeString('name'),
    host: t.exposeString('host', { description: 'Host name or IP address (no scheme, no port).' }),
    port: t.exposeInt('port', { description: 'Raw TCP port, usually 9100.' }),
    language: t.expose('language', { type: LabelFormatEnum, description: 'What the printer is sent: ZPL II, or PDF for printers that read it.' }),
    labelWidthMm: t.exposeInt('labelWidthMm'),
    labelHeightMm: t.exposeInt('labelHeightMm'),
    dpi: t.exposeInt('dpi', { description: '203 or 300 (ZPL is rendered for it).' }),
    active: t.exposeBoolean('active', { description: 'Inactive printers are kept but not printed to.' }),
    stations: t.field({
      type: [PrintStationEnum],
      description: 'The stations this printer is the default of (a device may choose another).',
      select: { stations: { select: { station: true }, orderBy: { station: 'asc' } } },
      resolve: (p) => p.stations.map((s) => s.station),
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
