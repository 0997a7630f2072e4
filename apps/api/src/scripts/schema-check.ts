// `pnpm schema:check`: fails when packages/schema/schema.graphql breaks the last released SDL
// (packages/schema/released/schema.graphql) without CHANGELOG.md's current section listing it.
// On a release, copy schema.graphql over the released one and open a new CHANGELOG section.
import fs from 'node:fs';
import { checkSchema } from '../schema-check.ts';

// Paths from the repository root; no @orderly/schema import, so the check starts in well under a second.
const read = (file: string) => fs.readFileSync(new URL(`../../../../${file}`, import.meta.url), 'utf8');
const result = checkSchema(read('packages/schema/released/schema.graphql'), read('packages/schema/schema.graphql'), read('CHANGELOG.md'));

for (const c of result.listed) console.log(`breaking, listed in CHANGELOG.md: ${c.description}`);
for (const d of result.dangerous) console.log(`dangerous: ${d}`);
for (const c of result.unlisted) console.error(`BREAKING, not in CHANGELOG.md: ${c.description} — list \`${c.coordinate}\` in its current section`);
for (const d of result.undatedDeprecations) console.error(`deprecation without a date (YYYY-MM-DD) in its reason: ${d}`);
if (result.unlisted.length || result.undatedDeprecations.length) process.exit(1);
console.log('schema:check: no unlisted breaking change');
