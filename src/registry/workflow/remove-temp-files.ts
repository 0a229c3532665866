/** Removes the temp files (`*.sagewire-tmp`) that writes killed mid-way left in a folder. */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isTempName } from '../../fs/atomic-write.js';

/** Returns how many were removed; a missing folder has none. Links are not followed. */
export function removeTempFiles(dir: string): number {
  let removed = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const ent of entries) {
    const full = join(dir, ent.name);
    if (ent.isDirectory()) removed += removeTempFiles(full);
    else if (isTempName(ent.name)) {
      rmSync(full, { force: true });
      removed++;
    }
  }
  return removed;
}
