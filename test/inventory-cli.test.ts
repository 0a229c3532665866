/**
 * `sagewire inventory show|approve|alias|tag|search|audit` through the real binary, against an
 * inventory API served here over HTTP (versions seeded in its records): text and --json,
 * reader/writer tokens, and the exit codes of the house rules (1 refused or bad input, 2 usage).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordStore, prepareRegistration } from '../src/registry/records/record-store.js';
import { registrationRequestSchema } from '../src/registry/model/request-schema.js';
import { createApp } from '../src/registry/server/create-app.js';
import { parseTokenFile } from '../src/registry/server/tokens.js';
import { sampleRequest } from './inventory-sample-request.js';
import { runCli } from './helpers/cli.js';

const WRITER = 'cli-writer-token-0123456789';
const READER = 'cli-reader-token-0123456789';

let dir: string;
let records: RecordStore;
let server: ServerType;
let url: string;
let modelId: string;

function seed(sha: string, overrides: Parameters<typeof sampleRequest>[0] = {}): void {
  const [made] = records.createRegistrations([prepareRegistration(registrationRequestSchema.parse(sampleRequest(overrides)), undefined, 'token:seed')]);
  if (made instanceof Error) throw made;
  records.startValidating(made!.registration.registrationId);
  records.completeRegistration(made!.registration.registrationId, { artifactUri: `s3://inv/${sha}`, artifactSha256: sha, payloadUri: null, payloadSha256: null });
  modelId = made!.registration.modelId;
}

const cli = (args: string[], token = WRITER) => runCli(['inventory', ...args, '--inventory', url, '--token', token], { cwd: dir, timeoutMs: 120_000 });
const json = async (args: string[], token = WRITER) => {
  const res = await runCli(['--json', 'inventory', ...args, '--inventory', url, '--token', token], { cwd: dir, timeoutMs: 120_000 });
  return { ...res, body: JSON.parse(res.stdout) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-inventory-cli-'));
  records = new RecordStore(join(dir, 'inventory.db'));
  seed('aa', { tags: { team: 'risk' }, lineage: { pipeline_name: 'risk-pipeline', pipeline_execution_id: 'exec-1' }, performance_metadata: { auc: 0.91 } });
  seed('bb');
  const app = createApp({ records, tokens: parseTokenFile(`writer ${WRITER} lead\nreader ${READER} viewer\n`) });
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info));
  });
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => server?.close(() => done()));
  records?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sagewire inventory (client commands)', () => {
  it('approve: a reader is refused with exit 1 and a JSON error; a writer approves; a bad status is usage (2)', async () => {
    const denied = await json(['approve', modelId, '1', '--reason', 'looks good'], READER);
    expect(denied.code).toBe(1);
    expect(denied.body.error).toMatchObject({ code: 'INVENTORY' });
    expect(denied.body.error.message).toMatch(/403.*writer role/);
    const ok = await cli(['approve', modelId, '1', '--reason', 'AUC 0.91']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^${modelId} v1: Approved by token:lead at \\S+ \\(AUC 0\\.91\\)`));
    const bad = await json(['approve', modelId, '1', '--status', 'Maybe']);
    expect(bad.code).toBe(2);
    expect(bad.body.error).toMatchObject({ code: 'USAGE' });
    expect(bad.body.error.message).toMatch(/Approved, Rejected, PendingManualApproval/);
    const missing = await cli(['approve', modelId, '7']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/has no version 7/);
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack
  }, 300_000);

  it('alias: set, show, refuse a missing version and a reserved name, delete', async () => {
    expect((await cli(['alias', modelId, 'champion', '2'])).stdout).toBe(`${modelId}@champion -> v2\n`);
    const shown = await json(['alias', modelId, 'champion'], READER);
    expect(shown.body.alias).toMatchObject({ alias: 'champion', version: 2, setBy: 'token:lead' });
    expect(shown.body.version).toMatch(/^\d+\.\d+\.\d+/); // --json's version is sagewire's, never the model's
    const missing = await json(['alias', modelId, 'challenger', '9']);
    expect(missing.code).toBe(1);
    expect(missing.body.error.message).toMatch(/has no version 9/);
    const reserved = await cli(['alias', modelId, 'latest', '1']);
    expect(reserved.code).toBe(1);
    expect(reserved.stderr).toMatch(/reserved/);
    const deleted = await cli(['alias', modelId, 'champion', '--delete']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toMatch(/deleted \(was v2\)/);
  }, 300_000);

  it('tag and search: key=value, --remove, --card from a file; search combines tag, status and text', async () => {
    writeFileSync(join(dir, 'card.md'), '# Risk scorer\n\nTrained on 2026 data.\n');
    const tagged = await json(['tag', modelId, '2', 'team=risk', 'stage=prod', '--card', 'card.md']);
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(tagged.body.modelVersion).toMatchObject({ version: 2, tags: { team: 'risk', stage: 'prod' }, modelCard: '# Risk scorer\n\nTrained on 2026 data.\n' });
    expect((await cli(['tag', modelId, '2', '--remove', 'stage'])).stdout).toMatch(/tags: team=risk$/m);
    const nothing = await cli(['tag', modelId, '2']);
    expect(nothing.code).toBe(2);
    const found = await json(['search', '--tag', 'team:risk', '--status', 'Approved'], READER);
    expect(found.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    const text = await cli(['search', '--tag', 'team:risk', '--q', 'risk'], READER);
    expect(text.stdout.trim().split('\n')).toEqual([
      `${modelId} v2 buyer_abuse/risk_scoring  PendingManualApproval  tags: team=risk`,
      `${modelId} v1 buyer_abuse/risk_scoring  Approved  tags: team=risk`,
    ]);
    expect((await cli(['search'], READER)).code).toBe(2);
  }, 300_000);

  it('show and audit: a version in full with lineage, metrics and card; the log pages with --after and --all', async () => {
    const shown = await cli(['show', modelId, '1'], READER);
    expect(shown.stdout).toMatch(/approval: Approved by token:lead/);
    expect(shown.stdout).toMatch(/pipeline_name: risk-pipeline/);
    expect(shown.stdout).toMatch(/metrics: \{"auc":0\.91\}/);
    const model = await json(['show', modelId], READER);
    expect(model.body.model.versions).toHaveLength(2);
    expect((await json(['show', modelId, '2'], READER)).body.modelVersion).toMatchObject({ version: 2, approval: { status: 'PendingManualApproval' } });
    const page = await json(['audit', '--limit', '2'], READER);
    expect(page.body.entries.map((e: { action: string }) => e.action)).toEqual(['registration', 'registration']);
    const all = await json(['audit', '--after', String(page.body.next), '--limit', '2', '--all'], READER);
    expect(all.body.next).toBeNull();
    expect(all.body.entries.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`)).toEqual([
      'approval:token:lead', 'alias.set:token:lead', 'alias.delete:token:lead', 'tags:token:lead', 'card:token:lead', 'tags:token:lead',
    ]);
    const text = await cli(['audit', '--model', modelId, '--limit', '1'], READER);
    expect(text.stdout).toMatch(/^#1 \S+ token:seed registration /);
    expect(text.stdout).toMatch(/\(more: --after 1\)/);
  }, 300_000);

  it('connection errors: no --inventory is usage (2); a dead URL and a wrong token are exit 1 without a stack', async () => {
    const none = await runCli(['--json', 'inventory', 'audit'], { cwd: dir, env: { SAGEWIRE_INVENTORY_URL: '' }, timeoutMs: 120_000 });
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout).error.message).toMatch(/--inventory <url> is required/);
    const dead = await runCli(['inventory', 'audit', '--inventory', 'http://127.0.0.1:1', '--token', READER], { cwd: dir, timeoutMs: 120_000 });
    expect(dead.code).toBe(1);
    expect(dead.stderr).toMatch(/unreachable/);
    const wrong = await cli(['audit'], 'not-a-valid-token-000000');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/401/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  }, 300_000);
});
