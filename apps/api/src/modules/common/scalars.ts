import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from '../../builder.ts';
import { dateRange } from './bounds.ts';

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Every DateTime argument goes through here, so no date outside `dateRange` reaches a write or a
 * query: refused as BAD_USER_INPUT (a variable's error names its path, a literal's its location).
 */
function parseDateTime(value: unknown, node?: ValueNode): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO 8601 string, e.g. "2026-11-27T08:00:00.000Z"', { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (date < dateRange.min || date > dateRange.max) {
    throw new GraphQLError(`DateTime must be between ${day(dateRange.min)} and ${day(dateRange.max)}`, {
      nodes: node,
      extensions: { code: 'BAD_USER_INPUT', min: dateRange.min.toISOString(), max: dateRange.max.toISOString() },
    });
  }
  return date;
}

/**
 * What a stored date the database driver cannot read back (an invalid Date: only rows written
 * before dates were range-checked) is shown as: serializing must never fail, or every page
 * holding that row fails with it. The epoch is plainly wrong (and overdue) on every screen.
 */
const unreadableDate = new Date(0).toISOString();

builder.scalarType('DateTime', {
  description: `An ISO 8601 date-time with time zone, e.g. "2026-11-27T08:00:00.000Z"; accepted between ${day(dateRange.min)} and ${day(dateRange.max)}.`,
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? unreadableDate : date.toISOString();
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined, node),
});

builder.scalarType('JSON', {
  description: 'Arbitrary JSON (event details and similar free-form data).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

// A GraphQLError (not an Error): graphql-js passes it on as the input error instead of wrapping it
// as an unexpected one, which the API would mask as INTERNAL_SERVER_ERROR.
const notAFile = () => new GraphQLError('Expected a file: send it as a GraphQL multipart request', { extensions: { code: 'BAD_USER_INPUT' } });
/** What yoga's multipart parsing hands over (its File): anything else is refused as bad input. */
const isUpload = (value: unknown): value is File =>
  !!value && typeof value === 'object' && typeof (value as File).arrayBuffer === 'function' && typeof (value as File).name === 'string';

builder.scalarType('File', {
  description: 'An uploaded file (GraphQL multipart request). Input only.',
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
  parseValue: (value) => {
    if (!isUpload(value)) throw notAFile();
    return value;
  },
  parseLiteral: () => {
    throw notAFile();
  },
});
