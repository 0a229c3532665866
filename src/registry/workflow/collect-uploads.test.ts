/**
 * Uploads are kept once: received into the work folder, renamed into the store, and a version
 * registered from them is a hard link to the same inode. Unused uploads older than the
 * retention bound are collected; used ones, recent ones and those an unfinished registration
 * names are kept. Temp files a kill left in the data dir's artifact folder go at start.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeModelPackage, writePayload } from '../../../test/inventory-fixtures.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { FolderStore } from '../../store/index.js';
import { registrationRequestSchema } from '../model/request-schema.js';
import { RecordStore } from '../records/record-store.js';
import { startInventoryServer } from '../server/start-server.js';
import { dataDirArtifactStore } from './artifact-store.js';
import { collectUploads } from './collect-uploads.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-collect-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(url: string, bytes: Buffer): Promise<string> {
  const res = await fetch(`${url}/v1/artifacts`, { method: 'POST', body: bytes });
  expect(res.status).toBe(201);
  return ((await res.json()) as { uri: string }).uri;
}

const uploadPath = (dataDir: string, sha: string) => join(dataDir, 'artifacts', 'inventory', 'artifacts', `sha256-${sha}`);

describe('uploads are stored once and collected when unused', () => {
  it('keeps a registered upload as one inode (upload and version are hard links) and leaves work/ empty', async () => {
    const dataDir = join(dir, 'data');
    const server = await startInventoryServer({ dataDir });
    try {
      const model = readFileSync(await writeModelPackage(join(dir, 'm')));
      const payload = readFileSync(await writePayload(join(dir, 'p')));
      const modelUri = await upload(server.url, model);
      const payloadUri = await upload(server.url, payload);
      const res = await fetch(`${server.url}/v1/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sampleRequest({ model_artifact_uri: modelUri, payload_artifact_uri: payloadUri })),
      });
      expect(res.status).toBe(202);
      const { registrationId, modelId } = (await res.json()) as { registrationId: string; modelId: string };
      for (let i = 0; i < 200; i++) {
        const r = (await (await fetch(`${server.url}/v1/registrations/${registrationId}`)).json()) as { status: string };
        if (r.status === 'REGISTERED') break;
        await new Promise((done) => setTimeout(done, 50));
      }
      const version = (await (await fetch(`${server.url}/v1/models/${modelId}/versions/1`)).json()) as { artifactUri: string; payloadUri: string };
      const store = dataDirArtifactStore(dataDir).store as FolderStore;
      const kept = statSync(store.pathOf(version.artifactUri));
      const up = statSync(uploadPath(dataDir, sha256(model)));
      expect(kept.ino).toBe(up.ino);
      expect(kept.nlink).toBe(2);
      expect(statSync(store.pathOf(version.payloadUri)).ino).toBe(statSync(uploadPath(dataDir, sha256(payload))).ino);
      expect(readdirSync(join(dataDir, 'work'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('collects old unused uploads only: used by a version, named by a pending registration or recent ones stay', async () => {
    const dataDir = join(dir, 'data');
    const records = new RecordStore(join(dir, 'records.db'));
    const artifactStore = dataDirArtifactStore(dataDir);
    const put = async (text: string, ageHours: number) => {
      const sha = sha256(Buffer.from(text));
      await artifactStore.store.putBytes(`s3://inventory/artifacts/sha256-${sha}`, text);
      const t = (Date.now() - ageHours * 3600_000) / 1000;
      utimesSync(uploadPath(dataDir, sha), t, t);
      return sha;
    };
    const oldUnused = await put('old unused', 48);
    const recentUnused = await put('recent unused', 1);
    const oldPending = await put('old, named by a pending registration', 48);
    const oldRegistered = await put('old, kept by a version', 48);
    records.createRegistration(registrationRequestSchema.parse(sampleRequest({ model_artifact_uri: `inventory://artifacts/${oldPending}` })));
    const done = records.createRegistration(registrationRequestSchema.parse(sampleRequest({ model_objective: 'other', model_artifact_uri: `inventory://artifacts/${oldRegistered}` })));
    records.startValidating(done.registration.registrationId);
    records.completeRegistration(done.registration.registrationId, {
      artifactUri: 's3://inventory/models/x/model.tar.gz',
      artifactSha256: oldRegistered,
      payloadUri: null,
      payloadSha256: null,
    });
    const collected = await collectUploads(records, artifactStore, 24 * 3600_000);
    expect(collected).toEqual({ deleted: 1, bytes: 'old unused'.length, kept: 3 });
    expect(existsSync(uploadPath(dataDir, oldUnused))).toBe(false);
    for (const sha of [recentUnused, oldPending, oldRegistered]) expect(existsSync(uploadPath(dataDir, sha))).toBe(true);
    records.close();
  });

  it('a server collects at start, and removes temp files a kill left in its artifact folder', async () => {
    const dataDir = join(dir, 'data');
    const uploads = join(dataDir, 'artifacts', 'inventory', 'artifacts');
    mkdirSync(uploads, { recursive: true });
    const sha = sha256(Buffer.from('stale'));
    writeFileSync(join(uploads, `sha256-${sha}`), 'stale');
    const t = (Date.now() - 3 * 3600_000) / 1000;
    utimesSync(join(uploads, `sha256-${sha}`), t, t);
    writeFileSync(join(uploads, `.sha256-${'0'.repeat(64)}.123.abcd.sagewire-tmp`), 'half');
    const lines: string[] = [];
    const server = await startInventoryServer({ dataDir, uploadRetentionMs: 2 * 3600_000, log: (l) => lines.push(l) });
    await server.close();
    expect(readdirSync(join(dataDir, 'artifacts'), { recursive: true }).filter((n) => String(n).includes('sha256-'))).toEqual([]);
    expect(lines.join('\n')).toMatch(/collected 1 unused upload\(s\) older than 2 h/);
  });
});
