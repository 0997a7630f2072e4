// Ozon's push notifications: POST /integrations/ozon/<accountId>/push. Ozon wants an answer within
// 5 seconds (slow or failing endpoints get their notifications suspended), documents no signature,
// and sends pushes late, twice and out of order. So a push is only a hint: it is checked, a durable
// job to fetch that posting is queued (one pending job per posting: duplicates collapse), and the
// answer goes back at once. The poller catches whatever pushes miss.
//
// Answers, as Ozon's push documentation describes them (its push_start / push_types / service_response
// sections, checked in the swagger mirror salacoste/ozon-daytona-seller-api):
// - TYPE_PING → 200 { version, name, time };
// - a posting notification (new, cancelled, state, cut-off and delivery-date changes) → 200 { result: true };
// - other types Ozon may send (stock, chat…) → 200 { result: true }, ignored;
// - a body we cannot read or that lacks a field → 400 { error: { code: "ERROR_PARAMETER_VALUE_MISSED", … } };
// - an unknown or disabled account, or a seller_id that is not the account's → 404 / 403 { error: { code: "ERROR_UNKNOWN", … } }.
// Logs name the account, the type and the posting number only (no buyer data, no bodies).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@orderly/schema';
import { enqueueJob } from '../../jobs/enqueue.ts';
import { logLines } from '../../../core/observability/logger.ts';
import { ozonSyncPostingTask, syncPostingJobKey } from './ozon.tasks.ts';
import { isUuid } from '../../common/uuid.ts';

export const ozonPushPath = /^\/integrations\/ozon\/([^/]+)\/push\/?$/;
const maxPushBytes = 64 * 1024;

const postingTypes = new Set(['TYPE_NEW_POSTING', 'TYPE_POSTING_CANCELLED', 'TYPE_STATE_CHANGED', 'TYPE_CUTOFF_DATE_CHANGED', 'TYPE_DELIVERY_DATE_CHANGED']);

export interface PushAnswer {
  status: number;
  body: Record<string, unknown>;
}

const error = (status: number, code: string, message: string): PushAnswer => ({ status, body: { error: { code, message, details: null } } });

export const pushLog = { write: logLines('ozon', 'warn') };

/** Decides the answer to one push body (already read) and queues its work. */
export async function handleOzonPush(db: Db, accountId: string, raw: string, now = new Date()): Promise<PushAnswer> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    pushLog.write(`[ozon-push] account ${accountId.slice(0, 36)}: body is not JSON`);
    return error(400, 'ERROR_PARAMETER_VALUE_MISSED', 'The body is not JSON');
  }
  const message = body as { message_type?: unknown; posting_number?: unknown; seller_id?: unknown };
  if (!message || typeof message !== 'object' || Array.isArray(message) || typeof message.message_type !== 'string') {
    return error(400, 'ERROR_PARAMETER_VALUE_MISSED', 'message_type is required');
  }
  const type = message.message_type;
  if (type === 'TYPE_PING') return { status: 200, body: { version: '1', name: 'orderly', time: now.toISOString() } };

  const account = isUuid(accountId) ? await db.ozonAccount.findUnique({ where: { id: accountId }, select: { id: true, clientId: true, active: true } }) : null;
  if (!account || !account.active) {
    pushLog.write(`[ozon-push] unknown or disabled account ${accountId.slice(0, 36)} (${type.slice(0, 40)})`);
    return error(404, 'ERROR_UNKNOWN', 'Unknown account');
  }
  if (message.seller_id !== undefined && String(message.seller_id) !== account.clientId) {
    pushLog.write(`[ozon-push] account ${account.id}: seller_id does not match the account's Client-Id`);
    return error(403, 'ERROR_UNKNOWN', 'seller_id does not match this account');
  }
  if (!postingTypes.has(type)) {
    pushLog.write(`[ozon-push] account ${account.id}: ignored ${type.slice(0, 40)}`);
    return { status: 200, body: { result: true } };
  }
  const postingNumber = message.posting_number;
  if (typeof postingNumber !== 'string' || !/^[0-9A-Za-z-]{1,64}$/.test(postingNumber)) {
    pushLog.write(`[ozon-push] account ${account.id}: ${type} without a valid posting_number`);
    return error(400, 'ERROR_PARAMETER_VALUE_MISSED', 'posting_number is required');
  }
  await enqueueJob(db, ozonSyncPostingTask, { payload: { accountId: account.id, postingNumber }, jobKey: syncPostingJobKey(account.id, postingNumber) });
  return { status: 200, body: { result: true } };
}

/** The HTTP route (app.ts mounts it for POST requests matching `ozonPushPath`). */
export async function ozonPushRoute(db: Db, accountId: string, req: IncomingMessage, res: ServerResponse) {
  const send = (answer: PushAnswer) => {
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  };
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxPushBytes) return send(error(413, 'ERROR_PARAMETER_VALUE_MISSED', 'The body is too large'));
      chunks.push(chunk as Buffer);
    }
    send(await handleOzonPush(db, accountId, Buffer.concat(chunks).toString('utf8')));
  } catch (e) {
    pushLog.write(`[ozon-push] failed: ${(e as Error)?.name ?? 'error'}`);
    if (!res.headersSent) send(error(500, 'ERROR_UNKNOWN', 'Internal error'));
  }
}
