// The scheduled pieces after shipment, defined once for the job mechanism (modules/jobs/tasks.ts
// lists them): the tracking poller and the auto-completion of delivered orders.
import type { Config } from '../../core/config.ts';
import { config } from '../../core/config.ts';
import { autoCompleteDeliveredOrders, returnWindows } from '../delivery/delivery.service.ts';
import type { TaskDefinition } from '../jobs/jobs.ts';
import { configuredTrackingProviders, pollTracking, type TrackingProvider } from './provider.ts';

export function afterShipmentTasks(
  options: {
    providers?: readonly TrackingProvider[];
    settings?: Pick<Config, 'TRACKING_POLLER' | 'TRACKING_FAKE_PROVIDER' | 'RETURN_WINDOW_DAYS' | 'RETURN_WINDOW_DAYS_BY_CHANNEL'>;
  } = {},
): TaskDefinition[] {
  const settings = options.settings ?? config;
  const providers = options.providers ?? configuredTrackingProviders(settings);
  const tasks: TaskDefinition[] = [
    {
      // Hourly: a return window is counted in days.
      name: 'orders.autocomplete',
      schedule: '41 * * * *',
      async run({ db, now, log }) {
        const completed = await autoCompleteDeliveredOrders(db, { now: now(), windows: returnWindows(settings) });
        if (completed) log(`[delivery] completed ${completed} delivered order(s) past their return window`);
      },
    },
  ];
  if (settings.TRACKING_POLLER && providers.length) {
    tasks.push({
      // Every minute; each carrier's own interval (Carrier.trackingPollMinutes) decides which numbers are due.
      name: 'tracking.poll',
      schedule: '* * * * *',
      async run({ db, now, log }) {
        for (;;) {
          const result = await pollTracking(db, { providers, now: now(), limit: 200, log });
          if (result.recorded) log(`[tracking] ${result.recorded} new tracking event(s) for ${result.polled} tracking number(s)`);
          if (result.polled + result.failed < 200) break;
        }
      },
    });
  }
  return tasks;
}
