import { builder } from '../../builder.ts';
import { type UserErrorShape, userErrorCodes } from '../../core/errors.ts';

export const UserErrorCodeEnum = builder.enumType('UserErrorCode', {
  description: 'Machine-readable reason a mutation refused (or partly refused) a request.',
  values: userErrorCodes,
});

/**
 * A business rule said no (unknown SKU, not enough stock, illegal transition…). Mutations return
 * these in their payload's `userErrors`: the request was well formed, the answer is "not like
 * this". Malformed requests (wrong types, limits) get GraphQL errors instead.
 */
export const UserError = builder.objectRef<UserErrorShape>('UserError').implement({
  description: 'A business error: a stable code, the input field at fault (a path), a readable message.',
  fields: (t) => ({
    code: t.field({ type: UserErrorCodeEnum, resolve: (e) => e.code }),
    field: t.exposeStringList('field', { nullable: true }),
    message: t.exposeString('message'),
  }),
});
