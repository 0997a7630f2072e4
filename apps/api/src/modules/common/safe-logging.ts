// What the server logs about errors: their kind, code and where (GraphQL path, stack frames) —
// never their message text or variables. Messages of database errors quote the arguments of the
// failed call (a createOrder's buyer name, phone and address), so they must not reach a log.
import type { YogaLogger } from 'graphql-yoga';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Stack frames only ("at …" lines): the first line of a stack repeats the message. */
const framesOf = (error: Error) =>
  (error.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 8)
    .join('\n');

/** One line (plus stack frames) describing an error without any of its data. */
export function describeErrorSafely(value: unknown): string {
  if (!(value instanceof Error)) return typeof value === 'string' ? value : `non-error value thrown (${typeof value})`;
  const e = value as Error & { extensions?: Record<string, unknown>; path?: readonly (string | number)[]; originalError?: unknown; code?: unknown };
  const original = (e.originalError instanceof Error ? e.originalError : e) as Error & { code?: unknown; meta?: { modelName?: unknown } };
  const parts = [
    `${original.name}${typeof original.code === 'string' ? ` ${original.code}` : ''}`,
    original.meta?.modelName ? `model=${String(original.meta.modelName)}` : null,
    e.path ? `path=${e.path.join('.')}` : null,
    typeof e.extensions?.code === 'string' ? `code=${e.extensions.code}` : null,
  ].filter(Boolean);
  const frames = framesOf(original);
  return `${parts.join(' ')}${frames ? `\n${frames}` : ''}`;
}

/** A yoga logger that prints errors as `describeErrorSafely` does and everything else as is. */
export function createSafeLogger(level: Level | 'silent' = 'info', sink: (line: string, level: Level) => void = (line) => console.error(line)): YogaLogger {
  const enabled = (l: Level) => level !== 'silent' && order[l] >= order[level];
  const write =
    (l: Level) =>
    (...args: unknown[]) => {
      if (!enabled(l)) return;
      const text = args.map((a) => (a instanceof Error ? describeErrorSafely(a) : typeof a === 'string' ? a : safeJson(a))).join(' ');
      sink(`[${l}] ${text}`, l);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function safeJson(value: unknown) {
  // Objects can carry request data (variables); log their shape only.
  if (value && typeof value === 'object') return `{${Object.keys(value).join(',')}}`;
  return String(value);
}
