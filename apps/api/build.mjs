// Compiles the API for `start` (node runs JavaScript; no TypeScript loader at run time), in about a
// second with esbuild:
// - packages/schema/src → packages/schema/dist/<entry>.js (+ shared chunks), one file per export
//   of @orderly/schema that the server uses, all directly in dist/ so `import.meta.url` sits as
//   deep as in src/ (config.ts finds the repository root and the migrations from it);
// - apps/api/src/main.ts → apps/api/dist/main.js (and its migrate-worker.js), their @orderly/schema imports pointed at those.
// Packages from node_modules stay external: each output file resolves them from its own
// package's node_modules, as the sources do. Tests and `dev` keep running the TypeScript.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const apiRoot = path.dirname(fileURLToPath(import.meta.url));
const schemaRoot = path.resolve(apiRoot, '../../packages/schema');
// ORDERLY_DIST_DIR: another output folder name (the e2e servers build their own, test/support/
// database-setup.ts, so a `pnpm start` meanwhile cannot swap the files under them).
const distName = process.env.ORDERLY_DIST_DIR || 'dist';
if (!/^dist[\w-]*$/.test(distName)) throw new Error(`ORDERLY_DIST_DIR must be a folder name starting with "dist", not ${distName}`);
const apiDist = path.join(apiRoot, distName);
const schemaDist = path.join(schemaRoot, distName);

/** @orderly/schema's exports that run in the server, by subpath, and their output names. */
const schemaExports = { '.': 'index', './seed': 'seed-demo', './seed/scale': 'seed-scale', './pothos-types': 'pothos-types', './migrate': 'migrate' };
const schemaPackage = JSON.parse(fs.readFileSync(path.join(schemaRoot, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};
const started = Date.now();
fs.rmSync(apiDist, { recursive: true, force: true });
fs.rmSync(schemaDist, { recursive: true, force: true });

await build({
  ...common,
  entryPoints: Object.fromEntries(Object.entries(schemaExports).map(([subpath, name]) => [name, path.join(schemaRoot, schemaPackage.exports[subpath])])),
  outdir: schemaDist,
  splitting: true,
  packages: 'external',
});

const workspaceSchema = {
  name: 'orderly-schema-dist',
  setup(b) {
    b.onResolve({ filter: /^@orderly\/schema(\/.*)?$/ }, (args) => {
      const subpath = args.path === '@orderly/schema' ? '.' : `.${args.path.slice('@orderly/schema'.length)}`;
      const name = schemaExports[subpath];
      if (!name) return { errors: [{ text: `@orderly/schema export "${subpath}" is not compiled (apps/api/build.mjs schemaExports)` }] };
      return {
        path: path
          .relative(apiDist, path.join(schemaDist, `${name}.js`))
          .split(path.sep)
          .join('/')
          .replace(/^(?!\.)/, './'),
        external: true,
      };
    });
    // Every other bare import (node: builtins, node_modules) is loaded at run time.
    b.onResolve({ filter: /^[^./]/ }, () => ({ external: true }));
  },
};
await build({
  ...common,
  entryPoints: { main: path.join(apiRoot, 'src/main.ts'), 'migrate-worker': path.join(apiRoot, 'src/migrate-worker.ts') },
  outdir: apiDist,
  plugins: [workspaceSchema],
});
// Read next to the code at run time (modules/common/trusted-documents.ts).
fs.copyFileSync(path.join(apiRoot, 'src/modules/common/trusted-documents.json'), path.join(apiDist, 'trusted-documents.json'));
console.log(`Compiled the API to apps/api/${distName} and packages/schema/${distName} in ${Date.now() - started} ms`);
