/**
 * `sagewire run` and `sagewire graph` through the real binary: asset manifest into the store,
 * --param typing, --html, --json, exit codes, a refused definition, and an S3 endpoint store
 * (moto_server) instead of the local folder.
 */
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetManifest } from '../src/assets/index.js';
import { motoEnv, startMoto, type Moto } from './helpers/moto.js';
import { runCli } from './helpers/cli.js';

const SCRIPT = `
import json, os, sys
text = open('/opt/ml/processing/input/data/words.txt').read()
os.makedirs('/opt/ml/processing/output/counts', exist_ok=True)
json.dump({'words': len(text.split()), 'times': int(sys.argv[1])}, open('/opt/ml/processing/output/counts/counts.json', 'w'))
if os.environ.get('FAIL') == 'yes':
    print('failing on purpose', file=sys.stderr)
    sys.exit(3)
`;
const sha = createHash('sha256').update(SCRIPT).digest('hex');
const CODE_URI = `s3://cli-bucket/wordcount/code/${sha}/count.py`;

function definition(fail = false) {
  return {
    Version: '2020-12-01',
    Parameters: [
      { Name: 'Times', Type: 'Integer', DefaultValue: 1 },
      { Name: 'Input', Type: 'String', DefaultValue: 's3://cli-bucket/data/words.txt' },
    ],
    Steps: [
      {
        Name: 'Count',
        Type: 'Processing',
        Arguments: {
          AppSpecification: { ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/count.py'], ContainerArguments: [{ Get: 'Parameters.Times' }] },
          ProcessingInputs: [
            { InputName: 'data', S3Input: { S3Uri: { Get: 'Parameters.Input' }, LocalPath: '/opt/ml/processing/input/data', S3DataType: 'S3Prefix' } },
            { InputName: 'code', S3Input: { S3Uri: CODE_URI, LocalPath: '/opt/ml/processing/input/code', S3DataType: 'S3Prefix' } },
          ],
          ProcessingOutputConfig: {
            Outputs: [{ OutputName: 'counts', S3Output: { S3Uri: 's3://cli-bucket/wordcount/out/counts', LocalPath: '/opt/ml/processing/output/counts' } }],
          },
          Environment: { FAIL: fail ? 'yes' : 'no' },
        },
      },
      { Name: 'After', Type: 'Model', Arguments: { PrimaryContainer: { Image: 'x', ModelDataUrl: { Get: "Steps.Count.ProcessingOutputConfig.Outputs['counts'].S3Output.S3Uri" } } } },
    ],
  };
}

let dir: string;

async function writePipeline(name: string, def: object): Promise<string> {
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(def));
  const manifest: AssetManifest = {
    version: 1,
    pipelineName: 'wordcount',
    assets: [
      { uri: CODE_URI, sha256: sha, size: Buffer.byteLength(SCRIPT), text: SCRIPT },
      { uri: 's3://cli-bucket/data/words.txt', sha256: 'x', size: 16, text: 'one two three 4\n' },
    ],
  };
  await writeFile(join(dir, `${name}.assets.json`), JSON.stringify(manifest));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sagewire-run-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sagewire run', () => {
  it('puts the manifest assets into the local store, runs, and writes the report', async () => {
    await writePipeline('ok', definition());
    const r = await runCli(['run', 'ok.json', '--param', 'Times=3', '--html', 'report.html'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wordcount execution [0-9a-f]{12}: Succeeded/);
    expect(r.stdout).toMatch(/Count +done/);
    expect(r.stderr).toContain('[run] Count running');
    const counts = JSON.parse(await readFile(join(dir, '.sagewire/store/cli-bucket/wordcount/out/counts/counts.json'), 'utf8'));
    expect(counts).toEqual({ words: 4, times: 3 });
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('data-step="Count"');
  });

  it('a failed step: exit 1, its log kept and printed, dependents not run, --json summary', async () => {
    await writePipeline('bad', definition(true));
    const r = await runCli(['--json', 'run', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const data = JSON.parse(r.stdout);
    expect(data.status).toBe('Failed');
    expect(data.steps.map((s: { status: string }) => s.status)).toEqual(['failed', 'skipped']);
    const log = data.steps[0].logPath as string;
    expect(await readFile(log, 'utf8')).toContain('failing on purpose');
    expect(data.steps[0].message).toContain(log);
  });

  it('a failed step: the human summary prints the tail of its log', async () => {
    await writePipeline('bad', definition(true));
    const r = await runCli(['run', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/step Count failed: .*exited with code/);
    expect(r.stdout).toMatch(/last (\d+ lines|line) of the log:\n(\s+\| .*\n)*\s+\| failing on purpose/);
  });

  it('a malformed --limit is a usage error (exit 2) naming it', async () => {
    await writePipeline('ok', definition());
    const r = await runCli(['run', 'ok.json', '--limit', 'nproc=5'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--limit nproc=5: expected <name>=<whole number>, name one of processes');
  });

  it('a wrongly typed --param is a usage error (exit 2)', async () => {
    await writePipeline('ok', definition());
    const r = await runCli(['run', 'ok.json', '--param', 'Times=lots'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('parameter Times is of type Integer; got "lots"');
  });

  it('refuses an unsupported step before running anything', async () => {
    const def = definition();
    (def.Steps as object[]).push({ Name: 'Xform', Type: 'Transform', Arguments: {} });
    await writePipeline('unsupported', def);
    const runs = () => (existsSync(join(dir, '.sagewire/runs')) ? readdirSync(join(dir, '.sagewire/runs')).length : 0);
    const runsBefore = runs();
    const r = await runCli(['run', 'unsupported.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Steps.Xform: step type Transform is not supported locally');
    expect(runs()).toBe(runsBefore);
    // With --json the same refusal is one JSON error object on stdout, naming the step.
    const j = await runCli(['run', 'unsupported.json', '--json'], { cwd: dir });
    expect(j.code).toBe(1);
    const err = (JSON.parse(j.stdout) as { error: { message: string; code: string; issues: { path: string; message: string }[] } }).error;
    expect(err.code).toBe('LOCAL_RUN');
    expect(err.message).toContain('nothing was run');
    expect(err.issues).toContainEqual({ path: 'Steps.Xform', message: expect.stringContaining('step type Transform is not supported locally') });
    expect(runs()).toBe(runsBefore);
  }, 180_000);
});

describe('sagewire graph', () => {
  it('prints Mermaid and DOT, and writes an HTML page', async () => {
    await writePipeline('ok', definition());
    const mermaid = await runCli(['graph', 'ok.json', '--mermaid'], { cwd: dir });
    expect(mermaid.stdout).toContain('flowchart LR');
    expect(mermaid.stdout).toContain('s0 --> s1');
    const dot = await runCli(['graph', 'ok.json', '--dot'], { cwd: dir });
    expect(dot.stdout).toContain('"Count" -> "After";');
    const html = await runCli(['graph', 'ok.json', '--html', '--out', 'graph.html'], { cwd: dir });
    expect(html.code).toBe(0);
    expect(await readFile(join(dir, 'graph.html'), 'utf8')).toContain('data-step="After"');
  });
});

describe('sagewire run --s3-endpoint (moto)', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('stages from and uploads to the S3 API', async () => {
    const s3 = new S3Client({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'cli-bucket' }));
    await writePipeline('s3', definition());
    const r = await runCli(['run', 's3.json', '--s3-endpoint', moto.endpoint, '--param', 'Times=2'], { cwd: dir, env: motoEnv(moto) });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const obj = await s3.send(new GetObjectCommand({ Bucket: 'cli-bucket', Key: 'wordcount/out/counts/counts.json' }));
    expect(JSON.parse(await obj.Body!.transformToString())).toEqual({ words: 4, times: 2 });
  });
});
