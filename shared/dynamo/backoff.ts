// The one backoff policy for the retries that are ours rather than the SDK's (the client's own retries are
// bounded in client.ts): a transaction that conflicted with another, keys a batch read left unprocessed,
// a batch of events planned again after a concurrent write.
//
// Exponential from 20 ms, capped at 1 s, each delay drawn from half to one and a half times its step:
// without the jitter, requests that collided once would retry in step and collide again.
const FIRST_DELAY_MS = 20;
const MAX_DELAY_MS = 1000;

/** How long to wait before retry number `retry` (1 for the first retry). */
export const backoffDelayMs = (retry: number): number =>
  Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (retry - 1)) * (0.5 + Math.random());

/** Waits before retry number `retry`. */
export const backOff = (retry: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, backoffDelayMs(retry)));
