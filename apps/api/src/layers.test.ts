// The import graph's rules: no cycles, and the core and the domain services never load GraphQL.
// Only imports that exist at run time count (`import type` is erased); the graph is read with the
// TypeScript parser, so comments and strings cannot fool it.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');
const roots = ['apps/api/src', 'packages/schema/src'].map((dir) => path.join(repo, dir));
const schemaPackage = path.join(repo, 'packages/schema');
const schemaExports: Record<string, string> = JSON.parse(fs.readFileSync(path.join(schemaPackage, 'package.json'), 'utf8')).exports;

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });

/** The run-time import specifiers of a file (type-only imports and exports left out). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const typeOnly =
        clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

/** A specifier as a file of the graph, or the package name for anything outside it. */
function resolve(from: string, specifier: string): string {
  if (specifier.startsWith('.')) return path.resolve(path.dirname(from), specifier);
  const schemaExport = specifier === '@orderly/schema' ? '.' : specifier.startsWith('@orderly/schema/') ? `.${specifier.slice('@orderly/schema'.length)}` : null;
  if (schemaExport && schemaExports[schemaExport]) return path.join(schemaPackage, schemaExports[schemaExport]);
  return specifier;
}

const graph = new Map(roots.flatMap(sourceFiles).map((file) => [file, runtimeImports(file).map((s) => resolve(file, s))]));
const relative = (file: string) => path.relative(repo, file);

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) === index.get(file)) {
      const component = stack.splice(stack.indexOf(file));
      if (component.length > 1 || graph.get(file)!.includes(file)) found.push(component.map(relative).sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

/** Everything `file` loads at run time, directly or through other files of the graph. */
function reachable(file: string): Set<string> {
  const seen = new Set<string>();
  const pending = [file];
  while (pending.length) {
    for (const next of graph.get(pending.pop()!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      pending.push(next);
    }
  }
  return seen;
}

const builderFile = path.join(repo, 'apps/api/src/builder.ts');
const isGraphql = (target: string) => target === builderFile || /^(graphql|graphql-yoga|@pothos\/.*)$/.test(target);

describe('import graph', () => {
  it('sees the files it checks', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.has(builderFile)).toBe(true);
  });

  it('has no import cycles', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps GraphQL out of core/ and the domain services', () => {
    const lower = [...graph.keys()].filter((file) => file.includes(`${path.sep}core${path.sep}`) || file.endsWith('.service.ts'));
    expect(lower.length).toBeGreaterThan(10);
    const offenders = lower.flatMap((file) => [...reachable(file)].filter(isGraphql).map((target) => `${relative(file)} → ${relative(target)}`));
    expect(offenders).toEqual([]);
  });
});
