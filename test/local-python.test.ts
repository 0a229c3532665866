/**
 * The local runner on hand-written definitions: a user's own Python processing script
 * (standard library only) under bubblewrap, the sandbox walls, data edges, failures.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../src/store/index.js';
import { bwrapAvailable, runPipeline, type PipelineDefinition } from '../src/local/index.js';

let dir: string;
let store: FolderStore;

const PY = `
import json, os, sys
src = '/opt/ml/processing/input/data/numbers.csv'
nums = [float(x) for x in open(src).read().split()]
os.makedirs('/opt/ml/processing/output/stats', exist_ok=True)
with open('/opt/ml/processing/output/stats/stats.json', 'w') as f:
    json.dump({'sum': sum(nums), 'count': len(nums), 'arg': sys.argv[1:]}, f)
escaped = []
for target in ['/root/escape.txt', os.environ['HOST_FILE'], '/opt/escape.txt', '/usr/escape.txt']:
    try:
        open(target, 'w').write('x')
        escaped.append(target)
    except OSError:
        pass
with open('/opt/ml/processing/output/stats/escape.json', 'w') as f:
    json.dump(escaped, f)
`;

function definition(hostFile: string): PipelineDefinition {
  return {
    Version: '2020-12-01',
    Parameters: [{ Name: 'Label', Type: 'String', DefaultValue: 'first' }],
    Steps: [
      {
        Name: 'Stats',
        Type: 'Processing',
        Arguments: {
          AppSpecification: {
            ImageUri: 'python:3',
            ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/stats.py'],
            ContainerArguments: ['--label', { Get: 'Parameters.Label' }],
          },
          ProcessingInputs: [
            { InputName: 'data', S3Input: { S3Uri: 's3://bucket-a/data/numbers.csv', LocalPath: '/opt/ml/processing/input/data', S3DataType: 'S3Prefix' } },
            { InputName: 'code', S3Input: { S3Uri: 's3://bucket-a/code/stats.py', LocalPath: '/opt/ml/processing/input/code', S3DataType: 'S3Prefix' } },
          ],
          ProcessingOutputConfig: {
            Outputs: [
              {
                OutputName: 'stats',
                S3Output: {
                  S3Uri: { 'Std:Join': { On: '/', Values: ['s3://bucket-a/out', { Get: 'Execution.PipelineExecutionId' }, 'stats'] } },
                  LocalPath: '/opt/ml/processing/output/stats',
                },
              },
            ],
          },
          Environment: { HOST_FILE: hostFile },
        },
      },
    ],
  };
}

beforeAll(async () => {
  if (!bwrapAvailable()) throw new Error('bubblewrap cannot start here; install it with: apt-get install bubblewrap');
  dir = await mkdtemp(join(tmpdir(), 'sagewire-local-py-'));
  store = new FolderStore(join(dir, 'store'));
  await store.putBytes('s3://bucket-a/data/numbers.csv', '1 2 3 4.5\n');
  await store.putBytes('s3://bucket-a/code/stats.py', PY);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a Python processing script under bwrap', () => {
  it('reads /opt/ml/processing/input, writes /opt/ml/processing/output, and its output lands in the store', async () => {
    const hostFile = join(dir, 'outside.txt');
    const summary = await runPipeline(definition(hostFile), { store, stateDir: join(dir, 'state'), sandbox: 'bwrap', parameters: { Label: 'x' } });
    expect(summary.status, JSON.stringify(summary.steps, null, 2)).toBe('Succeeded');
    const uri = `s3://bucket-a/out/${summary.executionId}/stats/stats.json`;
    const stats = JSON.parse((await store.getBytes(uri)).toString());
    expect(stats).toEqual({ sum: 10.5, count: 4, arg: ['--label', 'x'] });
    expect(summary.steps[0]!.outputs).toEqual([{ name: 'stats', uri: `s3://bucket-a/out/${summary.executionId}/stats` }]);
  });

  it('cannot write outside /opt/ml', async () => {
    const hostFile = join(dir, 'outside.txt');
    const summary = await runPipeline(definition(hostFile), { store, stateDir: join(dir, 'state'), sandbox: 'bwrap' });
    expect(summary.status).toBe('Succeeded');
    const escaped = JSON.parse((await store.getBytes(`s3://bucket-a/out/${summary.executionId}/stats/escape.json`)).toString());
    expect(escaped).toEqual([]);
    expect(existsSync(hostFile)).toBe(false);
    expect(existsSync('/opt/escape.txt')).toBe(false);
    expect(existsSync('/root/escape.txt')).toBe(false);
  });

  it('keeps the log of a failed step and leaves no output in the store', async () => {
    await store.putBytes('s3://bucket-a/code2/stats.py', [
      'import os',
      "os.makedirs('/opt/ml/processing/output/stats', exist_ok=True)",
      "open('/opt/ml/processing/output/stats/half.json', 'w').write('{')",
      "raise SystemExit('boom: bad numbers')",
    ].join('\n'));
    const def = definition(join(dir, 'x'));
    const args = def.Steps[0]!.Arguments as { ProcessingInputs: { S3Input: { S3Uri: string } }[] };
    args.ProcessingInputs[1]!.S3Input.S3Uri = 's3://bucket-a/code2/stats.py';
    const summary = await runPipeline(def, { store, stateDir: join(dir, 'state'), sandbox: 'bwrap' });
    expect(summary.status).toBe('Failed');
    const step = summary.steps[0]!;
    expect(step.status).toBe('failed');
    expect(step.message).toContain(step.logPath!);
    expect(await readFile(step.logPath!, 'utf8')).toContain('boom: bad numbers');
    expect(await store.list(`s3://bucket-a/out/${summary.executionId}/`)).toEqual([]);
  });
});

describe('without bwrap', () => {
  it('refuses a foreign script with a clear error', async () => {
    const summary = await runPipeline(definition(join(dir, 'y')), { store, stateDir: join(dir, 'state'), sandbox: 'none' });
    expect(summary.status).toBe('Failed');
    expect(summary.steps[0]!.message).toMatch(/not one of sagewire's scripts.*bubblewrap/);
  });
});
