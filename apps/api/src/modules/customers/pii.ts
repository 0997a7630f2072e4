import type { Context } from '../../context.ts';
import { grants } from '../auth/permissions.ts';

/** May this caller see buyer personal data unmasked? (staff: MANAGER, SUPPORT, ADMIN; keys: read_customers) */
export const canReadPii = (ctx: Context) => grants(ctx.viewer, 'customers:read_pii');

/**
 * A buyer-data field as this caller may see it: the value (and a note for the audit log) with
 * `customers:read_pii`, the masked value without. Every `/// @pii` field of the data model that the
 * API exposes goes through here.
 */
export function piiField(
  ctx: Context,
  subject: { type: 'Order' | 'Customer' | 'Review'; id: string },
  field: string,
  value: string | null | undefined,
  mask: (value: string) => string | null,
): string | null {
  if (value == null) return null;
  if (!canReadPii(ctx)) return mask(value);
  ctx.pii.record(subject.type, subject.id, field);
  return value;
}
