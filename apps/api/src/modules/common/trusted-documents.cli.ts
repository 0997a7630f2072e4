// `pnpm trusted-documents`: regenerate trusted-documents.json from the PWA's GraphQL documents (the
// `graphql()` documents (gql.tada) exported by every apps/web/src/**/*.graphql.ts, fragments included),
// validated against the API schema, and the PWA's apps/web/src/graphql/persisted-operations.generated.ts
// (operation name → hash). Tests fail when either committed file is stale.
import fs from 'node:fs';
import { buildTrustedDocuments, webPersistedOperationsModule, webPersistedOperationsPath } from './trusted-documents.build.ts';
import { trustedDocumentsPath } from './trusted-documents.ts';

const { file, problems } = await buildTrustedDocuments();
for (const problem of problems) console.warn(`! ${problem}`);
if (problems.length) {
  // Keep the committed files as they are: the app would otherwise lose documents it still sends.
  process.exitCode = 1;
} else {
  fs.writeFileSync(trustedDocumentsPath, `${JSON.stringify(file, null, 2)}\n`);
  fs.writeFileSync(webPersistedOperationsPath, webPersistedOperationsModule(file));
  console.log(`${Object.keys(file.documents).length} trusted documents written to ${trustedDocumentsPath} (and ${webPersistedOperationsPath})`);
}
