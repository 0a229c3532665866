/**
 * The bytes of the last member of one name, collected from a tar parse's entry, data and
 * entry-end events: a later member of the name replaces an earlier one, as GNU tar extracts
 * them. Shared by the full pass (scan.ts's readArchiveMember) and the recorded-member reader.
 */
import type { CheckedEntry } from './entry-rules.js';
import type { EntryInfo } from './types.js';

export interface LastMemberCollector {
  /** A member starts (`checked` undefined for the root folder). */
  entry(checked: CheckedEntry | undefined): void;
  data(chunk: Buffer): void;
  entryEnd(): void;
  /** The last member's bytes so far; undefined while none of the name has ended. */
  found(): Buffer | undefined;
}

/** `accept` sees each member named `wanted` before it is collected, and throws to refuse it (not a file, too large). */
export function lastMemberCollector(wanted: string, accept: (info: EntryInfo) => void): LastMemberCollector {
  let found: Buffer | undefined;
  let collecting: Buffer[] | undefined;
  return {
    entry(checked) {
      collecting = undefined;
      if (checked?.info.name !== wanted) return;
      accept(checked.info);
      collecting = [];
    },
    data(chunk) {
      // A chunk may be a view of a buffer its reader reuses: keep a copy.
      collecting?.push(Buffer.from(chunk));
    },
    entryEnd() {
      if (collecting) found = Buffer.concat(collecting);
      collecting = undefined;
    },
    found: () => found,
  };
}
