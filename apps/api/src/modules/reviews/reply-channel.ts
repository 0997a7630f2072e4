// The port replies to reviews go out through: a marketplace connector implements it for the
// channels it serves (marketplaces/ozon/reviews.service.ts registers Ozon's) and the reviews
// module never knows which marketplace is behind a channel. A channel nobody serves (`manual`, a
// shop without a connector) cannot receive replies, and the API says so (Review.canReply).
import type { Db } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';

export type ReplySendResult =
  /** The channel took it; its id of the reply when it gives one. */
  | { ok: true; externalId: string | null }
  /** The channel refused it for a reason retrying will not change (no subscription, review gone…). */
  | { ok: false; reason: string };

export interface ReviewReplyChannel {
  /** The longest reply the channel takes, in characters. */
  readonly maxLength: number;
  /**
   * Sends one reply. Throws on a failure worth retrying (timeouts, 5xx): the send job tries again.
   * `maybeDelivered`: an earlier attempt may have reached the channel without a definite answer —
   * the port looks whether the channel has the reply (and answers with it) before sending it again.
   */
  send(db: Db, reply: { replyId: string; reviewExternalId: string; text: string; maybeDelivered: boolean }): Promise<ReplySendResult>;
  /** Whether an error `send` threw means the channel surely did not get the reply (rate limited, refused connection). */
  notDelivered(error: unknown): boolean;
}

export interface ReviewReplyChannelProvider {
  /** The port for `channel`, or null when this provider does not serve it (or its account is off). */
  forChannel(db: Db | Tx, channel: string): Promise<ReviewReplyChannel | null>;
}

const providers: ReviewReplyChannelProvider[] = [];

/** Called once by each connector module when it loads. */
export function registerReviewReplyChannels(provider: ReviewReplyChannelProvider) {
  if (!providers.includes(provider)) providers.push(provider);
}

/** Channel code of reviews typed in by staff. */
export const manualChannel = 'manual';

export type ReplyChannelLookup = { channel: ReviewReplyChannel; reason: null } | { channel: null; reason: string };

/** The port replies to `channel`'s reviews go through, or why there is none. */
export async function replyChannelFor(db: Db | Tx, channel: string): Promise<ReplyChannelLookup> {
  if (channel === manualChannel) return { channel: null, reason: 'This review was typed in by hand: there is no channel to reply on' };
  for (const provider of providers) {
    const port = await provider.forChannel(db, channel);
    if (port) return { channel: port, reason: null };
  }
  return { channel: null, reason: `The channel "${channel}" has no connector that can send replies` };
}
