import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { repoRoot } from '@orderly/schema';
import { schema } from './schema.ts';

export const sdlPath = path.join(repoRoot, 'packages/schema/schema.graphql');

/** The printed SDL as committed: sorted so diffs show real contract changes only. */
export function printContract(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
