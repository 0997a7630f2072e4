// `pnpm schema:check`'s rule: a breaking change against the released SDL fails unless the
// changelog's current section names it; the committed SDL passes against the released copy.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkSchema } from './schema-check.ts';

const released = `type Query { order(id: ID!): Order, orders(first: Int, after: String): [Order!]! }
type Order { id: ID!, total: Int!, status: OrderStatus! }
enum OrderStatus { NEW SHIPPED }`;
const withoutTotal = released.replace('total: Int!, ', '');
const changelog = (breaking: string) =>
  `# Changelog\n\n## Unreleased\n\n### Breaking\n\n${breaking}\n\n## 1.0.0\n\n- \`Order.total\` (an old release names it: does not count)\n`;

describe('schema:check', () => {
  it('reports a removed field that the changelog does not list', () => {
    const result = checkSchema(released, withoutTotal, changelog('- None.'));
    expect(result.unlisted).toEqual([{ coordinate: 'Order.total', description: 'Order.total was removed.' }]);
  });

  it('passes a removed field that the current section lists', () => {
    const result = checkSchema(released, withoutTotal, changelog('- `Order.total` removed: use `Order.amounts`.'));
    expect(result.unlisted).toEqual([]);
    expect(result.listed.map((c) => c.coordinate)).toEqual(['Order.total']);
  });

  it('names removed enum values and arguments by their coordinates, and wants a date on deprecations', () => {
    const current = released.replace(' SHIPPED', '').replace(', after: String', '').replace('total: Int!', 'total: Int! @deprecated(reason: "Use amounts")');
    const result = checkSchema(released, current, changelog('- None.'));
    expect(result.unlisted.map((c) => c.coordinate).sort()).toEqual(['OrderStatus.SHIPPED', 'Query.orders(after:)']);
    expect(result.undatedDeprecations).toEqual(['type Order { id: ID!, total: Int! @deprecated(reason: "Use amounts")']);
    expect(checkSchema(released, current.replace('Use amounts', 'Use amounts; deprecated 2026-12-06'), '').undatedDeprecations).toEqual([]);
  });

  it('the committed SDL and CHANGELOG.md pass (the script exits 0)', () => {
    const root = new URL('../../../', import.meta.url);
    expect(fs.existsSync(new URL('packages/schema/released/schema.graphql', root))).toBe(true);
    const out = execFileSync('npx', ['tsx', 'apps/api/src/scripts/schema-check.ts'], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('no unlisted breaking change');
  });
});
