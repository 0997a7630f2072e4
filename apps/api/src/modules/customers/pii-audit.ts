import type { Db } from '@orderly/schema';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Unmasked buyer data read during one request: which fields of which order/customer. Resolvers add
 * to it; the server writes it to the AuditLog in one statement when the operation has executed
 * (one row per subject with the fields read — never the values).
 */
export class PiiAccessLog {
  private readonly reads = new Map<string, { subjectType: string; subjectId: string; fields: Set<string> }>();

  record(subjectType: string, subjectId: string, field: string) {
    const key = `${subjectType}:${subjectId}`;
    let entry = this.reads.get(key);
    if (!entry) {
      entry = { subjectType, subjectId, fields: new Set() };
      this.reads.set(key, entry);
    }
    entry.fields.add(field);
  }

  get size() {
    return this.reads.size;
  }

  /** Writes the collected reads (and forgets them); one INSERT whatever the number of subjects. */
  async flush(db: Db, actor: string, details: { operationName?: string | null } = {}) {
    if (!this.reads.size) return 0;
    const rows = [...this.reads.values()].map((r) => ({
      actor,
      action: 'pii.read',
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      data: { fields: [...r.fields].sort(), operation: details.operationName ?? null },
    }));
    this.reads.clear();
    await db.auditLog.createMany({ data: rows });
    return rows.length;
  }
}

/**
 * Writes each operation's unmasked buyer-data reads to the AuditLog before the response leaves.
 * If that fails, the data is not sent either (fail closed).
 */
export function usePiiAudit(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone: ({ setResult }) => flushPiiReadsOrWithhold(args.contextValue, args.operationName, setResult, 'returned'),
      };
    },
  };
}

/**
 * Writes the request's unmasked buyer-data reads to the audit log; when that fails the result is
 * replaced by an AUDIT_UNAVAILABLE error (fail closed). Shared by queries and subscription events.
 */
export async function flushPiiReadsOrWithhold(
  contextValue: unknown,
  operationName: string | null | undefined,
  setResult: (result: never) => void,
  verb: 'returned' | 'sent',
) {
  const ctx = contextValue as { db: Db; pii?: PiiAccessLog; viewer: { actor: string } | null };
  if (!ctx.pii?.size) return;
  try {
    await ctx.pii.flush(ctx.db, ctx.viewer?.actor ?? 'anonymous', { operationName: operationName ?? null });
  } catch {
    const retry = verb === 'returned' ? 'try again' : 'resubscribe to try again';
    setResult({
      data: null,
      errors: [new GraphQLError(`Could not record the access to buyer data, so it is not ${verb}; ${retry}`, { extensions: { code: 'AUDIT_UNAVAILABLE' } })],
    } as never);
  }
}
