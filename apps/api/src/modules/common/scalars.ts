import { GraphQLError } from 'graphql';
import { builder } from '../../builder.ts';

builder.scalarType('DateTime', {
  description: 'An ISO 8601 date-time with time zone, e.g. "2026-11-27T08:00:00.000Z".',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string');
    return date;
  },
});

builder.scalarType('JSON', {
  description: 'Arbitrary JSON (event details and similar free-form data).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.scalarType('File', {
  description: 'An uploaded file (GraphQL multipart request). Input only.',
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
});
