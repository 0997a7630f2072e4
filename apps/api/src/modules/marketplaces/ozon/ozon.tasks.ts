// The Ozon connector's durable jobs (registered in modules/jobs/tasks.ts): the sync of one posting a
// push asked for, and the reconciling poll of every active account.
import { config } from '../../../core/config.ts';
import type { TaskDefinition } from '../../jobs/jobs.ts';
import { advanceAct, openActsForClosedManifests, ozonActTask } from './acts.service.ts';
import { ozonCancelTask, queueCancellations, sendCancellation } from './cancel.service.ts';
import { fetchDueLabelsAllAccounts } from './labels.service.ts';
import { shipPackedPostings } from './ship.service.ts';
import { sendTrackingNumbersAllAccounts } from './tracking.service.ts';
import { pullReturnsAllAccounts } from './returns.service.ts';
import { pullReviewsAllAccounts } from './reviews.service.ts';
import { pushStockAllAccounts } from './stock.service.ts';
import { pollAccount, pollAllAccounts, syncPosting } from './sync.service.ts';

export const ozonSyncPostingTask = 'ozon.sync-posting';
export const ozonPollTask = 'ozon.poll';
export const ozonShipTask = 'ozon.ship';
export const ozonStockTask = 'ozon.push-stock';
export const ozonLabelsTask = 'ozon.labels';
export const ozonActsSweepTask = 'ozon.acts';
export const ozonCancelSweepTask = 'ozon.cancellations';
export const ozonTrackingTask = 'ozon.tracking';
export { ozonActTask, ozonCancelTask };
export const ozonReturnsTask = 'ozon.returns';
export const ozonReviewsTask = 'ozon.reviews';

/** One pending sync per posting: duplicated pushes collapse into it. */
export const syncPostingJobKey = (accountId: string, postingNumber: string) => `${ozonSyncPostingTask}:${accountId}:${postingNumber}`;

export function ozonTasks(options: { poller?: boolean } = {}): TaskDefinition[] {
  const tasks: TaskDefinition[] = [
    {
      name: ozonSyncPostingTask,
      async run({ db }, payload) {
        const { accountId, postingNumber } = payload as { accountId?: unknown; postingNumber?: unknown };
        if (typeof accountId !== 'string' || typeof postingNumber !== 'string') return;
        await syncPosting(db, accountId, postingNumber);
      },
    },
    {
      // Packed Ozon orders whose posting is not shipped yet: their parcels go to Ozon as packages.
      name: ozonShipTask,
      schedule: '* * * * *',
      async run({ db }) {
        await shipPackedPostings(db);
      },
    },
    {
      // Available stock of every mapped warehouse, coalesced: only changes, within Ozon's limits.
      name: ozonStockTask,
      schedule: '* * * * *',
      async run({ db, now }) {
        await pushStockAllAccounts(db, now());
      },
    },
    {
      // Labels of shipped postings (ready ~45 s after ship): fetched and cached; also added by ship, 45 s on.
      name: ozonLabelsTask,
      schedule: '* * * * *',
      async run({ db, now }) {
        await fetchDueLabelsAllAccounts(db, now());
      },
    },
    {
      // Closed manifests with Ozon parcels: one Ozon act each (per account), walked by `ozon.act`.
      name: ozonActsSweepTask,
      schedule: '* * * * *',
      async run({ db }) {
        await openActsForClosedManifests(db);
      },
    },
    {
      name: ozonActTask,
      async run({ db, now }, payload) {
        if (typeof payload.actId === 'string') await advanceAct(db, payload.actId, now());
      },
    },
    {
      // Ozon orders cancelled here whose posting Ozon still has open: one `ozon.cancel` job each.
      name: ozonCancelSweepTask,
      schedule: '* * * * *',
      async run({ db }) {
        await queueCancellations(db);
      },
    },
    {
      name: ozonCancelTask,
      async run({ db }, payload) {
        if (typeof payload.postingId === 'string') await sendCancellation(db, payload.postingId);
      },
    },
    {
      // rFBS orders shipped with our carrier: their tracking numbers to Ozon.
      name: ozonTrackingTask,
      schedule: '* * * * *',
      async run({ db }) {
        await sendTrackingNumbersAllAccounts(db);
      },
    },
  ];
  tasks.push({
    // Ozon's FBS returns (after delivery, or units refused at delivery) into Orderly's returns.
    name: ozonReturnsTask,
    schedule: '*/15 * * * *',
    async run({ db, now }) {
      await pullReturnsAllAccounts(db, now());
    },
  });
  tasks.push({
    // Buyer reviews into the reviews module (loading this module also registers Ozon's reply port).
    name: ozonReviewsTask,
    schedule: '*/30 * * * *',
    async run({ db, now }) {
      await pullReviewsAllAccounts(db, now());
    },
  });
  if (options.poller ?? config.OZON_POLLER) {
    tasks.push({
      name: ozonPollTask,
      schedule: '*/5 * * * *',
      async run({ db, now }, payload) {
        const accountId = typeof payload.accountId === 'string' ? payload.accountId : null;
        if (!accountId) return pollAllAccounts(db, now());
        const account = await db.ozonAccount.findUnique({ where: { id: accountId } });
        if (account?.active) await pollAccount(db, account, now());
      },
    });
  }
  return tasks;
}
