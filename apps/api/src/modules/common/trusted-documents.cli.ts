// `pnpm trusted-documents`: regenerate trusted-documents.json from the PWA's GraphQL documents
// (every gql`…` template in apps/web/src), validated against the API schema, and the PWA's
// apps/web/src/graphql/persisted-operations.generated.ts (operation name → hash). Tests fail when
// either committed file is stale.
import fs from 'node:fs';
import { buildTrustedDocuments, webPersistedOperationsModule, webPersistedOperationsPath } from './trusted-documents.build.ts';
import { trustedDocumentsPath } from './trusted-documents.ts';

const { file, problems } = buildTrustedDocuments();
for (const problem of problems) console.warn(`! ${problem}`);
fs.writeFileSync(trustedDocumentsPath, `${JSON.stringify(file, null, 2)}\n`);
fs.writeFileSync(webPersistedOperationsPath, webPersistedOperationsModule(file));
console.log(`${Object.keys(file.documents).length} trusted documents written to ${trustedDocumentsPath} (and ${webPersistedOperationsPath})`);
if (problems.some((p) => p.startsWith('invalid'))) process.exitCode = 1;
