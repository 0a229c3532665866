/**
 * The inventory reads each artifact once: staged by hard link from a folder store, validated and
 * hashed in one scan, kept by rename into a folder artifact store (no copy on one file system).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderStore } from '../../store/index.js';
import { writeModelPackage, writePayload } from '../../../test/inventory-fixtures.js';
import { sampleRequest } from '../../../test/inventory-sample-request.js';
import { registrationRequestSchema } from '../model/request-schema.js';
import { RecordStore } from '../records/record-store.js';
import { RegistrationWorkflow } from './registration-workflow.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sagewire-keep-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function register(source: FolderStore, artifacts: FolderStore) {
  const records = new RecordStore(':memory:');
  const workflow = new RegistrationWorkflow({ records, sourceStore: source, artifactStore: { store: artifacts, prefix: 's3://inventory' }, workDir: join(dir, 'work') });
  const request = registrationRequestSchema.parse(
    sampleRequest({ model_artifact_uri: 's3://caller/tmp/model.tar.gz', payload_artifact_uri: 's3://caller/tmp/payload.tar.gz' }),
  );
  const { registration } = records.createRegistration(request);
  workflow.enqueue(registration.registrationId);
  await workflow.idle();
  const done = records.getRegistration(registration.registrationId);
  const version = done.status === 'REGISTERED' ? records.getVersion(done.modelId, 1) : undefined;
  records.close();
  return { done, version };
}

/** Puts a good model and payload in a folder store at `storeDir` and registers them; the kept and given model paths. */
async function registerGood(storeDir: string) {
  const source = new FolderStore(storeDir);
  const artifacts = new FolderStore(join(dir, 'artifacts'));
  await source.putFile('s3://caller/tmp/model.tar.gz', await writeModelPackage(join(dir, 'm')));
  await source.putFile('s3://caller/tmp/payload.tar.gz', await writePayload(join(dir, 'p')));
  const { done, version } = await register(source, artifacts);
  expect(done.status).toBe('REGISTERED');
  return { source, version, kept: artifacts.pathOf(version!.artifactUri), given: source.pathOf('s3://caller/tmp/model.tar.gz') };
}

describe('the inventory keeps the bytes it registers without copying them', () => {
  it('on one file system: the kept artifact is the caller object’s inode, its sha256 from the validating scan', async () => {
    const { source, version, kept, given } = await registerGood(join(dir, 'source'));
    expect(statSync(kept).ino).toBe(statSync(given).ino);
    expect(statSync(kept).nlink).toBe(2);
    expect(version!.artifactSha256).toBe(createHash('sha256').update(readFileSync(given)).digest('hex'));
    expect(version!.payloadSha256).toBe(createHash('sha256').update(readFileSync(source.pathOf('s3://caller/tmp/payload.tar.gz'))).digest('hex'));
    // The caller's objects are replaced by writes (new files), never changed in place: deleting
    // or rewriting them leaves the inventory's bytes as registered.
    const before = readFileSync(kept);
    await source.putBytes('s3://caller/tmp/model.tar.gz', 'something else');
    await source.delete('s3://caller/tmp/model.tar.gz');
    expect(readFileSync(kept).equals(before)).toBe(true);
  });

  it('across file systems (the caller’s store on /dev/shm): staged and kept by copy, the same bytes and digest', async () => {
    // /dev/shm is a tmpfs on Linux machines and containers; the artifacts stay under the temp folder.
    if (statSync('/dev/shm', { throwIfNoEntry: false })?.dev === undefined || statSync('/dev/shm').dev === statSync(dir).dev) {
      throw new Error('this test needs /dev/shm on another file system than the temp folder (a tmpfs, as Linux mounts it)');
    }
    const far = mkdtempSync('/dev/shm/sagewire-keep-');
    try {
      const { version, kept, given } = await registerGood(far);
      expect(readFileSync(kept).equals(readFileSync(given))).toBe(true);
      expect(version!.artifactSha256).toBe(createHash('sha256').update(readFileSync(given)).digest('hex'));
      expect(statSync(given).nlink).toBe(1);
    } finally {
      rmSync(far, { recursive: true, force: true });
    }
  });

  it('a damaged archive is refused and nothing is kept', async () => {
    const source = new FolderStore(join(dir, 'source'));
    const artifacts = new FolderStore(join(dir, 'artifacts'));
    const model = readFileSync(await writeModelPackage(join(dir, 'm')));
    model[model.length - 5] = (model[model.length - 5] as number) ^ 0xff;
    await source.putBytes('s3://caller/tmp/model.tar.gz', model);
    await source.putFile('s3://caller/tmp/payload.tar.gz', await writePayload(join(dir, 'p')));
    const { done } = await register(source, artifacts);
    expect(done.status).toBe('FAILED');
    expect(await artifacts.list('s3://inventory/')).toEqual([]);
  });
});
