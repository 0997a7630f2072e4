import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, validate } from 'graphql';
import { repoRoot } from '@orderly/schema';
import { schema } from '../../schema.ts';
import { documentHash, type TrustedDocumentsFile } from './trusted-documents.ts';

const webSources = path.join(repoRoot, 'apps/web/src');

function* sourceFiles(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test' && entry.name !== 'node_modules') yield* sourceFiles(full);
    } else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.(ts|tsx)$/.test(entry.name)) yield full;
  }
}

/** The PWA's operations, one document each (printed, so formatting does not change the hash). */
export function buildTrustedDocuments(): { file: TrustedDocumentsFile; problems: string[] } {
  const documents: Record<string, string> = {};
  const operations: Record<string, string> = {};
  const problems: string[] = [];
  for (const file of [...sourceFiles(webSources)].sort()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bgql(?:<[^`]*?>)?`([^`]*)`/g)) {
      const where = `${path.relative(repoRoot, file)}`;
      if (match[1].includes('${')) {
        problems.push(`skipped ${where}: documents with \${} interpolations cannot be persisted (inline the fragment)`);
        continue;
      }
      let document;
      try {
        document = parse(match[1]);
      } catch (error) {
        problems.push(`invalid ${where}: ${(error as Error).message}`);
        continue;
      }
      const errors = validate(schema, document);
      if (errors.length) {
        problems.push(`invalid ${where}: ${errors.map((e) => e.message).join('; ')}`);
        continue;
      }
      const printed = print(document);
      const hash = documentHash(printed);
      documents[hash] = printed;
      for (const def of document.definitions) {
        if (def.kind === Kind.OPERATION_DEFINITION && def.name) operations[def.name.value] = hash;
      }
    }
  }
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { file: { documents: sorted(documents), operations: sorted(operations) }, problems };
}
