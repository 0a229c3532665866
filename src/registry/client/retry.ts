/** Retries with exponential backoff and jitter, for 5xx answers and connection errors. */

export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  /** First delay in ms (default 200); doubles each time, up to `maxDelayMs` (default 5000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Marks an error that is worth retrying (a 5xx, a refused or reset connection). */
export class RetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `attempt` until it succeeds, throws a non-retryable error, or attempts run out (then the last error). */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 200;
  const max = opts.maxDelayMs ?? 5000;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!(err instanceof RetryableError) || n >= attempts) throw err;
      const delay = Math.min(max, base * 2 ** (n - 1));
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }
}
