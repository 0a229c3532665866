/**
 * Acceptance of the upload path: the real `sagewire inventory serve` with a token file, and
 * from another folder, with nothing but its URL and a writer token (no shared store, no AWS
 * credentials), the README's package / payload / register commands to REGISTERED; the bytes
 * come back from the inventory with the same sha256.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryClient } from '../src/registry/client/inventory-client.js';
import { sha256File } from '../src/fs/sha256-file.js';
import { ROOT, runCli } from './helpers/cli.js';
import { startServe, type ServeProcess } from './inventory-helpers.js';

const WRITER = 'writer-token-upload-e2e-0001';
const READER = 'reader-token-upload-e2e-0001';

let dir: string;
let serve: ServeProcess;
/** The caller's environment: no store, no AWS credentials, its own HOME. */
let callerEnv: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-upload-e2e-'));
  const serverDir = join(dir, 'server');
  mkdirSync(serverDir);
  writeFileSync(join(serverDir, 'tokens.txt'), `writer ${WRITER}\nreader ${READER}\n`);
  serve = await startServe(['--data-dir', join(serverDir, 'inventory'), '--token-file', join(serverDir, 'tokens.txt')], {});
  const laptop = join(dir, 'laptop');
  mkdirSync(join(laptop, 'home'), { recursive: true });
  callerEnv = {
    HOME: join(laptop, 'home'),
    SAGEWIRE_LOCAL_STORE: '',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: join(laptop, 'home', 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(laptop, 'home', 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
});

afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory upload end to end', () => {
  it('registers from another folder with only the URL and a token, and the bytes come back the same', async () => {
    const laptop = join(dir, 'laptop');
    const example = join(ROOT, 'examples', 'four-step');
    const run = (args: string[]) => runCli(args, { cwd: laptop, env: callerEnv, timeoutMs: 120_000 });
    const packaged = await run(['package', '--model', join(example, 'model', 'model.tar.gz'), '--scripts', join(example, 'inference'), '--out', 'out/']);
    expect(packaged.code, packaged.stderr).toBe(0);
    const payload = await run(['payload', '--model', 'out/model.tar.gz', '--config', join(example, 'config.json'), '--step', 'Registration', '--out', 'out/']);
    expect(payload.code, payload.stderr).toBe(0);
    const args = ['register', '--model', 'out/model.tar.gz', '--payload', 'out/payload.tar.gz', '--config', join(example, 'config.json'), '--step', 'Registration', '--inventory', serve.url];

    const refused = await run(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/HTTP 401/);
    const asReader = await run([...args, '--token', READER]);
    expect(asReader.code).toBe(1);
    expect(asReader.stderr).toMatch(/HTTP 403/);

    const res = await run([...args, '--token', WRITER, '--json']);
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout) as { status: string; modelId: string; modelVersion: number };
    expect(result.status).toBe('REGISTERED');

    const client = new InventoryClient(serve.url, { token: READER });
    const version = await client.getVersion(result.modelId, result.modelVersion);
    expect(version.request.model_artifact_uri).toMatch(/^inventory:\/\/artifacts\/[0-9a-f]{64}$/);
    for (const [kind, file] of [['artifact', 'model.tar.gz'], ['payload', 'payload.tar.gz']] as const) {
      const local = await sha256File(join(laptop, 'out', file));
      const back = await client.downloadArtifact(result.modelId, result.modelVersion, kind, join(dir, `back-${file}`));
      expect(back.sha256, kind).toBe(local.sha256);
      expect(kind === 'artifact' ? version.artifactSha256 : version.payloadSha256).toBe(local.sha256);
    }
  }, 300_000); // five CLI runs, slow on a loaded machine

  it('refuses an upload whose bytes do not match the announced sha256, keeping nothing; a registration naming an unknown upload', async () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${serve.url}/v1/artifacts`, { method: 'POST', headers: { authorization: `Bearer ${WRITER}`, ...headers }, body });
    const wrong = await post('some bytes', { 'x-content-sha256': '0'.repeat(64) });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/not the 0{64} that x-content-sha256 announced: nothing was kept/);
    const ok = await post('some bytes', {});
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ uri: expect.stringMatching(/^inventory:\/\/artifacts\/[0-9a-f]{64}$/), size: 10 });
    const unknown = await fetch(`${serve.url}/v1/registrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model_artifact_uri: `inventory://artifacts/${'a'.repeat(64)}` }),
    });
    expect(unknown.status).toBe(400);
  });
});
