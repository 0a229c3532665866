/**
 * One suite, run against both stores: the local folder and S3 on a real moto_server.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type Moto } from '../../test/helpers/moto.js';
import { uploadAssets } from './upload-assets.js';
import { AwsError, NotFoundError, UsageError } from '../errors.js';
import { FolderStore, S3Store, joinS3Uri, parseS3Uri, relativeKey, type ObjectStore } from './index.js';

let moto: Moto;
let tmp: string;

beforeAll(async () => {
  moto = await startMoto();
  tmp = await mkdtemp(join(tmpdir(), 'sagewire-store-'));
});
afterAll(async () => {
  await moto?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const backends: Array<[string, () => Promise<ObjectStore>]> = [
  ['folder', async () => new FolderStore(await mkdtemp(join(tmp, 'folder-')))],
  [
    's3 (moto)',
    async () => {
      const store = new S3Store({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });
      await store.client.send(new CreateBucketCommand({ Bucket: 'bkt' }));
      return store;
    },
  ],
];

describe.each(backends)('ObjectStore: %s', (_name, make) => {
  let store: ObjectStore;
  beforeAll(async () => {
    store = await make();
  });

  it('puts, heads and reads bytes and files', async () => {
    const info = await store.putBytes('s3://bkt/a/b.txt', 'hello', { sha256: 'abc' });
    expect(info.size).toBe(5);
    expect((await store.getBytes('s3://bkt/a/b.txt')).toString()).toBe('hello');
    const head = await store.head('s3://bkt/a/b.txt');
    expect(head?.size).toBe(5);
    if (store.kind === 's3') expect(head?.sha256).toBe('abc');
    const src = join(tmp, `src-${store.kind}.bin`);
    await writeFile(src, Buffer.alloc(70_000, 7));
    await store.putFile('s3://bkt/big/x.bin', src);
    const out = join(tmp, `out-${store.kind}`, 'x.bin');
    await store.getToFile('s3://bkt/big/x.bin', out);
    expect(await readFile(out)).toEqual(Buffer.alloc(70_000, 7));
  });

  it('reports a missing object as NotFoundError and head as undefined', async () => {
    expect(await store.head('s3://bkt/nope')).toBeUndefined();
    await expect(store.getBytes('s3://bkt/nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists a prefix as a folder, stages it and deletes it', async () => {
    await store.putBytes('s3://bkt/p/one.txt', '1');
    await store.putBytes('s3://bkt/p/sub/two.txt', '22');
    await store.putBytes('s3://bkt/p2/other.txt', 'x');
    const listed = await store.list('s3://bkt/p');
    expect(listed.map((o) => o.uri)).toEqual(['s3://bkt/p/one.txt', 's3://bkt/p/sub/two.txt']);
    const dir = join(tmp, `stage-${store.kind}`);
    await store.downloadPrefix('s3://bkt/p/', dir);
    expect(await readFile(join(dir, 'sub', 'two.txt'), 'utf8')).toBe('22');
    expect(await readdir(dir)).toEqual(['one.txt', 'sub']);
    // A prefix naming one object stages that object under its base name (code inputs).
    const single = join(tmp, `single-${store.kind}`);
    await store.downloadPrefix('s3://bkt/p/one.txt', single);
    expect(await readdir(single)).toEqual(['one.txt']);
    expect(await store.deletePrefix('s3://bkt/p')).toBe(2);
    expect(await store.list('s3://bkt/p')).toEqual([]);
    expect(await store.head('s3://bkt/p2/other.txt')).toBeDefined();
  });

  it('uploads a directory tree', async () => {
    const dir = join(tmp, `tree-${store.kind}`);
    await mkdir(join(dir, 'code', 'lib'), { recursive: true });
    await writeFile(join(dir, 'code', 'inference.py'), 'print(1)');
    await writeFile(join(dir, 'code', 'lib', 'x.py'), 'x=1');
    const up = await store.uploadDirectory(dir, 's3://bkt/tree/');
    expect(up.map((o) => o.uri)).toEqual(['s3://bkt/tree/code/inference.py', 's3://bkt/tree/code/lib/x.py']);
  });

  it('uploads manifest assets once, then skips them', async () => {
    const file = join(tmp, `asset-${store.kind}.mjs`);
    await writeFile(file, 'console.log(1)');
    const manifest = {
      version: 1 as const,
      pipelineName: 'p',
      assets: [
        { uri: 's3://bkt/p/code/aa/run.mjs', sha256: 'aa', size: 14, file },
        { uri: 's3://bkt/p/code/bb/config.json', sha256: 'bb', size: 2, text: '{}' },
      ],
    };
    const first = await uploadAssets(manifest, store);
    expect(first.uploaded).toHaveLength(2);
    const second = await uploadAssets(manifest, store);
    expect(second.uploaded).toHaveLength(0);
    expect(second.skipped).toHaveLength(2);
    expect((await store.getBytes('s3://bkt/p/code/bb/config.json')).toString()).toBe('{}');
  });
});

describe('store errors', () => {
  it('refuses a key that leaves the bucket folder', () => {
    const store = new FolderStore(tmp);
    expect(() => store.pathOf('s3://bkt/../../etc/passwd')).toThrow(UsageError);
  });

  it('never follows a symbolic link out of the folder, for reads, lists, writes or deletes', async () => {
    const root = await mkdtemp(join(tmp, 'links-'));
    const outside = await mkdtemp(join(tmp, 'outside-'));
    await writeFile(join(outside, 'secret'), 'secret');
    await mkdir(join(root, 'bkt', 'inside'), { recursive: true });
    await writeFile(join(root, 'bkt', 'inside', 'real'), 'ok');
    await symlink(join(outside, 'secret'), join(root, 'bkt', 'file-link'));
    await symlink(outside, join(root, 'bkt', 'dir-link'));
    await symlink(join(root, 'bkt', 'inside', 'real'), join(root, 'bkt', 'inner-link'));
    const store = new FolderStore(root);
    await expect(store.getBytes('s3://bkt/file-link')).rejects.toThrow(/symbolic link .* leads out of it/);
    await expect(store.head('s3://bkt/dir-link/secret')).rejects.toThrow(UsageError);
    await expect(store.getToFile('s3://bkt/dir-link/secret', join(root, 'copy'))).rejects.toThrow(UsageError);
    await expect(store.list('s3://bkt/dir-link/')).rejects.toThrow(UsageError);
    await expect(store.putBytes('s3://bkt/dir-link/planted', 'x')).rejects.toThrow(UsageError);
    await expect(store.delete('s3://bkt/dir-link/secret')).rejects.toThrow(UsageError);
    expect(await readdir(outside)).toEqual(['secret']);
    // a link that stays inside is fine; links are never listed as objects
    expect((await store.getBytes('s3://bkt/inner-link')).toString()).toBe('ok');
    expect((await store.list('s3://bkt/')).map((o) => o.uri)).toEqual(['s3://bkt/inside/real']);
  });

  it('names a missing bucket on S3', async () => {
    const store = new S3Store({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });
    await expect(store.putBytes('s3://no-such-bucket/x', 'x')).rejects.toThrow(AwsError);
    await expect(store.putBytes('s3://no-such-bucket/x', 'x')).rejects.toThrow(/bucket does not exist/);
    await expect(store.head('s3://no-such-bucket/x')).rejects.toThrow(/NoSuchBucket/);
  });
});

describe('S3 URIs', () => {
  it('parses, joins and relativizes', () => {
    expect(parseS3Uri('s3://my-bucket/a/b')).toEqual({ bucket: 'my-bucket', key: 'a/b' });
    expect(parseS3Uri('s3://my-bucket')).toEqual({ bucket: 'my-bucket', key: '' });
    expect(() => parseS3Uri('https://x/y')).toThrow(UsageError);
    // A well-formed URI whose bucket breaks S3's naming rules says so, not "not an S3 URI".
    expect(() => parseS3Uri('s3://b/k')).toThrow(/not a valid S3 bucket name in "s3:\/\/b\/k": "b"/);
    expect(() => parseS3Uri('s3://My_Bucket/k')).toThrow(/bucket name .*"My_Bucket"/);
    expect(joinS3Uri('s3://b/p/', '/x.txt')).toBe('s3://b/p/x.txt');
    expect(relativeKey('data/train', 'data/train/a.csv')).toBe('a.csv');
    expect(relativeKey('data/train', 'data/train2/a.csv')).toBeUndefined();
    expect(relativeKey('code/h/run.mjs', 'code/h/run.mjs')).toBe('run.mjs');
  });
});
