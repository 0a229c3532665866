/**
 * Group commit for accepted registrations: requests arriving in the same turn of the event
 * loop are recorded in one SQLite transaction, so one fsync covers them all and every 202
 * still goes out only after its record is on disk. Only requests already validated, bounded
 * and put in canonical form join a batch; each one is recorded in its own savepoint.
 */
import type { CreatedRegistration, PreparedRegistration, RecordStore } from '../records/record-store.js';

interface Pending {
  item: PreparedRegistration;
  resolve: (result: CreatedRegistration) => void;
  reject: (err: unknown) => void;
}

/** Most registrations per transaction (bounds the latency of the last one in a burst). */
const MAX_BATCH = 500;

export class RegistrationBatcher {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly records: RecordStore) {}

  submit(item: PreparedRegistration): Promise<CreatedRegistration> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending.splice(0, MAX_BATCH);
    this.scheduled = this.pending.length > 0;
    if (this.scheduled) setImmediate(() => this.flush());
    let results: Array<CreatedRegistration | Error>;
    try {
      results = this.records.createRegistrations(batch.map((p) => p.item));
    } catch (err) {
      batch.forEach((p) => p.reject(err));
      return;
    }
    batch.forEach((p, i) => {
      const result = results[i]!;
      if (result instanceof Error) p.reject(result);
      else p.resolve(result);
    });
  }
}
