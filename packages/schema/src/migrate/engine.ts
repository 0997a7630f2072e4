// Loading and driving the WASM schema engine (@prisma/schema-engine-wasm) by hand.
//
// Why by hand: Node 20 cannot `import` a .wasm file as an ES module, so the package's entry point
// (`schema_engine.js`) is unusable. We compile `schema_engine_bg.wasm` ourselves and wire it to the
// wasm-bindgen glue module `schema_engine_bg.js`.
//
// Process-wide state: the compiled WebAssembly.Module and ONE instance of it are cached for the
// life of the process (the glue module keeps its own reference to the instance, so a second
// instance on the same glue module would corrupt it). Every operation gets a fresh `SchemaEngine`
// object on that instance and frees it afterwards.
//
// Rust panics: `globalThis.PRISMA_WASM_PANIC_REGISTRY.set_message` receives the panic message just
// before the WASM traps. We turn that into a clear `MigrationEngineError` for the running
// operations and mark the instance as poisoned; the next operation builds a new instance on a
// fresh copy of the glue module.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

type GlueModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
export type { SchemaEngine };

/** An error from the schema engine or from the migration runner, with a readable message. */
export class MigrationEngineError extends Error {
  /** Prisma error code when the engine gave one (e.g. P3006, P3009, P3018). */
  readonly code?: string;
  /** True when the engine hit a Rust panic (an engine bug, not a problem with your data). */
  readonly panic: boolean;
  constructor(message: string, options: { code?: string; panic?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MigrationEngineError';
    this.code = options.code;
    this.panic = options.panic ?? false;
  }
}

// ─── Panic registry ─────────────────────────────────────────────────────────────────────────────

const REGISTRY_MARK = Symbol.for('orderly.migrate.panicRegistry');
interface PanicRegistry {
  set_message(message: string): void;
  get?(): string;
  [REGISTRY_MARK]?: true;
}
declare global {
  var PRISMA_WASM_PANIC_REGISTRY: PanicRegistry | undefined;
}

/** Rejecters of the operations currently running on the engine (a panic fails all of them). */
const activeOperations = new Set<(error: MigrationEngineError) => void>();
let lastPanicMessage: string | null = null;

/**
 * Install our panic registry, chaining to any registry already present (the Prisma client's query
 * compiler uses the same global). Re-run before every operation in case somebody replaced it.
 */
function installPanicRegistry(): void {
  const current = globalThis.PRISMA_WASM_PANIC_REGISTRY;
  if (current?.[REGISTRY_MARK]) return;
  const previous = current;
  let message = '';
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    [REGISTRY_MARK]: true,
    set_message(m: string) {
      message = `RuntimeError: ${m}`;
      lastPanicMessage = m;
      try {
        previous?.set_message(m);
      } catch {
        // never let a foreign registry break the panic path
      }
      // The trap follows right after; fail the running operations now with the real message.
      if (activeOperations.size > 0) onEnginePanic(m);
    },
    get() {
      return message;
    },
  };
}

// ─── Loading the module (once) and the instance ─────────────────────────────────────────────────

const require = createRequire(import.meta.url);
const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
const wasmPath = gluePath.replace(/\.js$/, '.wasm');

interface EngineRuntime {
  glue: GlueModule;
  poisoned: string | null;
}

let compiledModule: Promise<WebAssembly.Module> | undefined;
let runtime: Promise<EngineRuntime> | undefined;
let runtimeGeneration = 0;
let currentRuntime: EngineRuntime | undefined;

function compileModule(): Promise<WebAssembly.Module> {
  compiledModule ??= readFile(wasmPath)
    .then((bytes) => WebAssembly.compile(bytes))
    .catch((error: unknown) => {
      compiledModule = undefined;
      throw new MigrationEngineError(`Could not load the schema engine from ${wasmPath}: ${errorMessage(error)}`, {
        cause: error,
      });
    });
  return compiledModule;
}

/** Find a glue export by name prefix and (optionally) a test on its source. */
function findGlueExport(glue: Record<string, unknown>, prefix: string, test?: (src: string) => boolean): string | undefined {
  return Object.keys(glue).find((key) => key.startsWith(prefix) && typeof glue[key] === 'function' && (!test || test(String(glue[key]))));
}

async function instantiate(): Promise<EngineRuntime> {
  installPanicRegistry();
  const module = await compileModule();
  const generation = runtimeGeneration++;
  // A fresh copy of the glue module for every new instance: it caches views of the instance's
  // memory and registers finalizers bound to "its" instance.
  const glue: GlueModule =
    generation === 0
      ? await import('@prisma/schema-engine-wasm/schema_engine_bg')
      : await import(/* @vite-ignore */ `${pathToFileURL(gluePath).href}?instance=${generation}`);

  const imports: Record<string, unknown> = { ...glue };
  const glueRecord = glue as unknown as Record<string, (...args: unknown[]) => unknown>;

  // 1. The engine arms timers (e.g. the 10 s advisory-lock timeout in applyMigrations) and never
  //    clears them: unref them so they cannot keep the process alive.
  const setTimeoutName = findGlueExport(glueRecord, '__wbg_setTimeout_');
  if (setTimeoutName) {
    const original = glueRecord[setTimeoutName]!;
    imports[setTimeoutName] = (callback: unknown, ms: unknown) => {
      const handle = original(callback, ms) as { unref?: () => void } | undefined;
      handle?.unref?.();
      return handle;
    };
  }
  // 2. Futures are polled from queueMicrotask callbacks; a trap there would be an uncaught
  //    exception that kills the process. Catch it and fail the running operations instead.
  const queueName = findGlueExport(glueRecord, '__wbg_queueMicrotask_', (src) => /queueMicrotask\(\s*arg0\s*\)/.test(src));
  if (queueName) {
    imports[queueName] = (callback: () => void) => {
      queueMicrotask(() => {
        try {
          callback();
        } catch (error) {
          onEngineTrap(error);
        }
      });
    };
  }

  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': imports as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  const rt: EngineRuntime = { glue, poisoned: null };
  currentRuntime = rt;
  return rt;
}

async function getRuntime(): Promise<EngineRuntime> {
  if (currentRuntime?.poisoned) runtime = undefined; // start over on a fresh instance
  runtime ??= instantiate().catch((error: unknown) => {
    runtime = undefined;
    throw error instanceof MigrationEngineError ? error : new MigrationEngineError(`Could not start the schema engine: ${errorMessage(error)}`, { cause: error });
  });
  return runtime;
}

/** The version string of the bundled schema engine (loads the engine). */
export async function schemaEngineVersion(): Promise<string> {
  const rt = await getRuntime();
  return rt.glue.version();
}

function onEnginePanic(message: string): void {
  if (currentRuntime) currentRuntime.poisoned = message;
  const error = new MigrationEngineError(
    `The schema engine crashed (Rust panic): ${message}. This is a bug in the engine or an input it cannot handle; the operation was aborted.`,
    { panic: true },
  );
  for (const reject of activeOperations) reject(error);
}

function onEngineTrap(error: unknown): void {
  const message = lastPanicMessage ?? errorMessage(error);
  onEnginePanic(message);
}

// ─── Running operations ─────────────────────────────────────────────────────────────────────────

export interface EngineSession {
  engine: SchemaEngine;
  /** Run one engine call: panics and engine errors become MigrationEngineError. */
  call<T>(what: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T>;
}

export interface WithEngineOptions {
  schemaPath: string;
  schemaText: string;
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Engine log lines (JSON); omitted = dropped. */
  engineLog?: (line: string) => void;
}

/**
 * Start a SchemaEngine on the shared instance, run `fn`, and free the engine afterwards. Adapters
 * the engine opened are NOT closed by `free()`: the caller's factory must track and dispose them.
 */
export async function withSchemaEngine<T>(options: WithEngineOptions, fn: (session: EngineSession) => Promise<T>): Promise<T> {
  installPanicRegistry();
  const rt = await getRuntime();
  const bound = bindMigrationAwareSqlAdapterFactory(options.factory);
  const engineLog = options.engineLog ?? (() => {});

  const guard = <R>(what: string, start: () => Promise<R>): Promise<R> => {
    if (rt.poisoned) {
      return Promise.reject(
        new MigrationEngineError(`The schema engine crashed earlier in this operation (${rt.poisoned}); cannot run ${what}.`, {
          panic: true,
        }),
      );
    }
    return new Promise<R>((resolve, reject) => {
      const onPanic = (error: MigrationEngineError) => reject(error);
      activeOperations.add(onPanic);
      let promise: Promise<R>;
      try {
        promise = start();
      } catch (error) {
        activeOperations.delete(onPanic);
        if (isWasmTrap(error)) onEngineTrap(error);
        reject(toEngineError(error, what, bound.errorRegistry));
        return;
      }
      promise.then(
        (value) => {
          activeOperations.delete(onPanic);
          resolve(value);
        },
        (error: unknown) => {
          activeOperations.delete(onPanic);
          if (isWasmTrap(error)) onEngineTrap(error);
          reject(toEngineError(error, what, bound.errorRegistry));
        },
      );
    });
  };

  const engine = await guard('SchemaEngine.new', () =>
    rt.glue.SchemaEngine.new({ datamodels: [[options.schemaPath, options.schemaText]] }, (line: string) => engineLog(String(line)), bound),
  );
  const session: EngineSession = {
    engine,
    call: (what, fn) => guard(what, () => fn(engine)),
  };
  try {
    return await fn(session);
  } finally {
    // Every call above has been awaited (freeing with a call in flight corrupts the memory).
    // After a panic the instance is unusable: leave the object alone, the instance is dropped.
    if (!rt.poisoned) {
      try {
        engine.free();
      } catch {
        // ignore: freeing can only fail if the instance is already broken
      }
    }
  }
}

// ─── Errors ─────────────────────────────────────────────────────────────────────────────────────

function isWasmTrap(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

interface ErrorRegistryLike {
  consumeError(id: number): { error: unknown } | undefined;
}

/**
 * Engine errors arrive as Error objects whose message is the user-facing text, sometimes with a
 * Prisma code ("P3018") in `code`/`error_code`, and for JS errors thrown by our adapters a
 * "GenericJs" id that points into the factory's error registry.
 */
function toEngineError(error: unknown, what: string, registry: ErrorRegistryLike): MigrationEngineError {
  if (error instanceof MigrationEngineError) return error;
  if (isWasmTrap(error)) {
    return new MigrationEngineError(`The schema engine crashed (Rust panic) during ${what}: ${lastPanicMessage ?? errorMessage(error)}`, { panic: true, cause: error });
  }
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  let message = cleanEngineMessage(errorMessage(error));
  const code =
    (typeof record.code === 'string' && /^P\d{4}$/.test(record.code) && record.code) ||
    (typeof record.error_code === 'string' && record.error_code) ||
    message.match(/\b(P\d{4})\b/)?.[1] ||
    undefined;
  // A JS error thrown inside one of our adapters: recover the original.
  const genericId = message.match(/GenericJs\D*(\d+)/)?.[1];
  if (genericId) {
    const original = registry.consumeError(Number(genericId))?.error;
    if (original !== undefined) message = `${message}\nCaused by: ${errorMessage(original)}`;
  }
  return new MigrationEngineError(message || `${what} failed`, { code, cause: error });
}

/**
 * Engine messages end with a Rust span trace ("   0: sql_schema_connector::… at …rs:113"). Keep
 * the text before it, name the migration the trace points at, drop the "external connector
 * error" boilerplate. The full text stays available as `error.cause.message`.
 */
export function cleanEngineMessage(raw: string): string {
  const traceStart = raw.search(/\n\s*0: [\w:]+/);
  const text = (traceStart >= 0 ? raw.slice(0, traceStart) : raw).replace(/(^|\n)external connector error\n/g, '$1').trim();
  const trace = traceStart >= 0 ? raw.slice(traceStart) : '';
  const migration = trace.match(/migration_name="([^"]+)"/)?.[1];
  if (migration && !text.includes(migration)) return `Migration ${migration} failed: ${text}`;
  return text;
}
