// The Prisma CLI insists on a native schema engine it would download; none is reachable offline and
// `generate` never runs it, so any existing executable satisfies the check. Migrations run through
// our own WASM-engine runner (src/migrate), not the CLI.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
