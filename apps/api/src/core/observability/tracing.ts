// OpenTelemetry traces (docs/production.md): a span per GraphQL operation (envelop's OpenTelemetry
// plugin) with the database calls it made beneath it (Prisma's tracing), sent over OTLP/HTTP to
// OTEL_EXPORTER_OTLP_ENDPOINT. Off by default, and then free: the packages are imported only here,
// dynamically, when an endpoint is configured. Spans carry operation names and types, never the
// document, variables or results (they can hold buyer data); Prisma's spans carry SQL with
// placeholders, not values.
import type { Plugin } from 'graphql-yoga';

export interface Tracing {
  /** The yoga plugin that opens a span per operation. */
  plugin: Plugin;
  /** Sends the spans still buffered and stops (the shutdown's last step before the pools close). */
  shutdown(): Promise<void>;
}

/** Starts tracing: before the database client runs its first query, so every call is traced. */
export async function startTracing(options: { endpoint: string; serviceName: string }): Promise<Tracing> {
  const [
    api,
    { TracerProvider, BatchSpanProcessor },
    { OTLPTraceExporter },
    { AsyncLocalStorageContextManager },
    { resourceFromAttributes },
    { PrismaInstrumentation },
    { useOpenTelemetry },
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/resources'),
    import('@prisma/instrumentation'),
    import('@envelop/opentelemetry'),
  ]);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }) })],
  });
  // Prisma's spans find the operation's span as their parent through the async context.
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  const prisma = new PrismaInstrumentation();
  prisma.setTracerProvider(provider);
  prisma.enable();
  const plugin = useOpenTelemetry(
    { document: false, variables: false, result: false, resolvers: false },
    provider,
    api.SpanKind.SERVER,
    {},
    options.serviceName,
  ) as Plugin;
  return {
    plugin,
    async shutdown() {
      prisma.disable();
      await provider.shutdown();
    },
  };
}
