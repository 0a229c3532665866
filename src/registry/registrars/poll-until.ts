/** Polls a status until it is terminal, or throws an InventoryError naming the last status. */
import { InventoryError } from '../../errors.js';

export async function pollUntil<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  describe: (value: T) => string,
  opts: { timeout: number; pollInterval: number; what: string },
): Promise<T> {
  const deadline = Date.now() + opts.timeout;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() >= deadline) {
      throw new InventoryError(`${opts.what}: still ${describe(value)} after ${Math.round(opts.timeout / 1000)} s (timeout)`);
    }
    await new Promise((r) => setTimeout(r, Math.min(opts.pollInterval, Math.max(0, deadline - Date.now()))));
  }
}
