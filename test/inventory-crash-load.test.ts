/**
 * A small bench/inventory: 50 concurrent registrations with real uploads against the real
 * `sagewire inventory serve`, kill -9 after 20 were acknowledged, restart on the same data dir
 * and port, clients retrying with their Idempotency-Key. Not timed: it asserts the outcome.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from './inventory-helpers.js';
import { makeLoadFixtures, runLoad, type LoadFixture } from './inventory-load.js';

let dir: string;
let fixtures: LoadFixture[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-crash-load-'));
  fixtures = await makeLoadFixtures(join(dir, 'fixtures'), 50);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inventory under load, killed with SIGKILL and restarted', () => {
  it('loses no acknowledged registration, records none twice, keeps every byte, and the database is intact', async () => {
    const result = await runLoad({
      fixtures,
      concurrency: 10,
      killAfter: 20,
      models: 3,
      dataDir: join(dir, 'data'),
      start: (dataDir, port) => startServe(['--data-dir', dataDir], {}, { port }),
    });
    expect(result.killedAfter).toBe(20);
    expect(result.refused).toEqual([]);
    expect(result.acknowledged).toBe(50);
    expect(result.afterRestart.acks).toBeGreaterThan(0);
    expect(result.lost).toBe(0);
    expect(result.duplicatedRegistrations).toBe(0);
    expect(result.duplicatedVersions).toBe(0);
    expect(result.failed).toEqual([]);
    expect(result.registered).toBe(50);
    expect(result.badBytes).toEqual([]);
    expect(result.badVersionNumbers).toEqual([]);
    expect(result.integrity).toBe('ok');
    expect(result.workLeftAtEnd).toBe(0);
    expect(result.uploadsKept).toBe(100);
  }, 300_000);
});
