import { buildSchema, type BreakingChange, findBreakingChanges, findDangerousChanges } from 'graphql';

/**
 * The schema coordinate a breaking change is about (`Query.orders`, `Query.orders(after:)`,
 * `OrderStatus.NEW`, `Order`), read from graphql-js's description, which is all it gives.
 */
export function changeCoordinate(change: BreakingChange): string {
  const d = change.description;
  const member = /^(\S+) was removed from (?:enum|union|object) type (\S+?)\.?$/.exec(d);
  if (member) return `${member[2]}.${member[1]}`;
  const arg = /^(\S+?) arg (\S+) /.exec(d);
  if (arg) return `${arg[1]}(${arg[2]}:)`;
  const added = /^A required (arg|field) (\S+) on (?:input type )?(\S+?) was added/.exec(d);
  if (added) return added[1] === 'arg' ? `${added[3]}(${added[2]}:)` : `${added[3]}.${added[2]}`;
  const implemented = /^(\S+) no longer implements interface (\S+?)\.?$/.exec(d);
  if (implemented) return implemented[1]!;
  return d.split(' ')[0]!.replace(/\.$/, '');
}

/** The changelog's first `## ` section: the release being prepared. */
export function currentSection(changelog: string): string {
  const start = changelog.search(/^## /m);
  if (start < 0) return '';
  const next = changelog.slice(start + 3).search(/^## /m);
  return next < 0 ? changelog.slice(start) : changelog.slice(start, start + 3 + next);
}

const datePattern = /\b\d{4}-\d{2}-\d{2}\b/;

export interface SchemaCheck {
  /** Breaking changes since the released SDL the changelog's current section does not name. */
  unlisted: { coordinate: string; description: string }[];
  /** Breaking changes the changelog names (allowed). */
  listed: { coordinate: string; description: string }[];
  /** Dangerous (non-breaking but client-visible) changes, reported only. */
  dangerous: string[];
  /** Deprecations whose reason has no date (YYYY-MM-DD): integrators need to know since when. */
  undatedDeprecations: string[];
}

/**
 * Compares the current SDL with the last released one. A breaking change passes only when the
 * changelog's current section names its coordinate in backticks, e.g. "- `Order.total` removed".
 */
export function checkSchema(releasedSdl: string, currentSdl: string, changelog: string): SchemaCheck {
  const released = buildSchema(releasedSdl);
  const current = buildSchema(currentSdl);
  const section = currentSection(changelog);
  const breaking = findBreakingChanges(released, current).map((c) => ({ coordinate: changeCoordinate(c), description: c.description }));
  const undatedDeprecations = [...currentSdl.matchAll(/@deprecated(?:\(reason: ("""[\s\S]*?"""|"(?:[^"\\]|\\.)*")\))?/g)]
    .filter((m) => !datePattern.test(m[1] ?? ''))
    .map((m) => currentSdl.slice(0, m.index).split('\n').at(-1)!.trim() + ' ' + m[0]);
  return {
    unlisted: breaking.filter((c) => !section.includes(`\`${c.coordinate}\``)),
    listed: breaking.filter((c) => section.includes(`\`${c.coordinate}\``)),
    dangerous: findDangerousChanges(released, current).map((c) => c.description),
    undatedDeprecations,
  };
}
