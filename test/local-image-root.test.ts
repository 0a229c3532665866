/**
 * The sandbox's image-root option: a step runs inside a given root file system folder
 * instead of the host's, its inputs staged as S3 delivers them (0644, no x bit), its outputs
 * uploaded as usual. The root here is a tiny hand-made one (dash, coreutils, setpriv).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bwrapAvailable, runPipeline, type PipelineDefinition } from '../src/local/index.js';
import { FolderStore } from '../src/store/index.js';
import { buildTinyRoot, TINY_ROOT_MARKER } from './helpers/tiny-root.js';

let dir: string;
let root: string;
let store: FolderStore;

const SCRIPT = [
  'set -e',
  'out=/opt/ml/processing/output/result',
  'cat /etc/image-marker > $out/marker.txt',
  'stat -c %a /opt/ml/processing/input/data/run.sh > $out/input-mode.txt',
  'cat /opt/ml/processing/input/data/numbers.txt > $out/numbers.txt',
  'id -u > $out/uid.txt',
  'if [ -e /usr/bin/node ] || [ -e /usr/bin/python3 ]; then echo host > $out/host.txt; else echo image > $out/host.txt; fi',
  'if echo x > /opt/ml/processing/input/data/numbers.txt; then echo writable > $out/input-write.txt; else echo read-only > $out/input-write.txt; fi',
].join('\n');

function definition(): PipelineDefinition {
  return {
    Version: '2020-12-01',
    Steps: [
      {
        Name: 'InImage',
        Type: 'Processing',
        Arguments: {
          AppSpecification: { ImageUri: 'tiny', ContainerEntrypoint: ['/bin/sh', '/opt/ml/processing/input/data/run.sh'] },
          ProcessingInputs: [{ InputName: 'data', S3Input: { S3Uri: 's3://img-bucket/in/', LocalPath: '/opt/ml/processing/input/data', S3DataType: 'S3Prefix' } }],
          ProcessingOutputConfig: { Outputs: [{ OutputName: 'result', S3Output: { S3Uri: 's3://img-bucket/out/result', LocalPath: '/opt/ml/processing/output/result' } }] },
        },
      },
    ],
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sagewire-image-root-'));
  root = buildTinyRoot(join(dir, 'root'));
  if (!bwrapAvailable({ imageRoot: root })) throw new Error('bubblewrap cannot start a sandbox here; install it with: apt-get install bubblewrap');
  store = new FolderStore(join(dir, 'store'));
  await store.putBytes('s3://img-bucket/in/run.sh', SCRIPT);
  await store.putBytes('s3://img-bucket/in/numbers.txt', '1 2 3\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('imageRoot', () => {
  it('runs the step in the given root with inputs staged 0644 and read-only', async () => {
    const summary = await runPipeline(definition(), { store, stateDir: join(dir, 'state'), imageRoot: root, sandbox: 'bwrap' });
    const step = summary.steps[0]!;
    expect(step.status, step.message).toBe('done');
    const get = async (name: string) => (await store.getBytes(`s3://img-bucket/out/result/${name}`)).toString('utf8').trim();
    expect(await get('marker.txt')).toBe(TINY_ROOT_MARKER);
    expect(await get('host.txt')).toBe('image');
    expect(await get('input-mode.txt')).toBe('644');
    expect(await get('numbers.txt')).toBe('1 2 3');
    expect(await get('input-write.txt')).toBe('read-only');
    if (process.getuid?.() === 0) expect(await get('uid.txt')).not.toBe('0');
    expect((await store.getBytes('s3://img-bucket/in/numbers.txt')).toString()).toBe('1 2 3\n');
  });

  it('refuses an image root without the direct form and names a missing /opt', async () => {
    const bare = await mkdtemp(join(dir, 'bare-'));
    const summary = await runPipeline(definition(), { store, stateDir: join(dir, 'state2'), imageRoot: bare, sandbox: 'none' });
    expect(summary.steps[0]!.status).toBe('failed');
    expect(summary.steps[0]!.message).toContain('needs the bubblewrap sandbox');
  });
});
