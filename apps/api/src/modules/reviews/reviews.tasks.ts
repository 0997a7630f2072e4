// The reviews module's job: sending one queued reply through its channel's port. Retried with the
// runner's backoff while the channel fails in a way worth retrying (sendQueuedReply throws).
import type { TaskDefinition } from '../jobs/jobs.ts';
import { maxSendAttempts, sendQueuedReply, sendReplyTask } from './reviews.service.ts';

export function reviewTasks(): TaskDefinition[] {
  return [
    {
      name: sendReplyTask,
      maxAttempts: maxSendAttempts + 1,
      async run({ db, now }, payload) {
        if (typeof payload.replyId === 'string') await sendQueuedReply(db, payload.replyId, now());
      },
    },
  ];
}
