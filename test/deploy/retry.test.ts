/**
 * Throttling and 5xx are retried by the SDK's configured strategy, not by our code: a small
 * proxy in front of moto answers the first SageMaker calls with ThrottlingException / 503.
 */
import { createServer, request, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ATTEMPTS, deployPipeline } from '../../src/aws/index.js';
import { AwsError } from '../../src/errors.js';
import { startMoto, type Moto } from '../helpers/moto.js';
import { createBucket, ROLE, writeFixture } from './fixture.js';

let moto: Moto;
let dir: string;
let proxy: Server;
let proxyUrl: string;
/** How many more CreatePipeline/UpdatePipeline calls to refuse, and how many were refused. */
const faults = { remaining: 0, refused: 0, status: 400 };

beforeAll(async () => {
  moto = await startMoto();
  dir = await mkdtemp(join(tmpdir(), 'sagewire-retry-'));
  await createBucket(moto, 'retry-code');
  const target = new URL(moto.endpoint);
  proxy = createServer((req, res) => {
    const op = String(req.headers['x-amz-target'] ?? '');
    if (/SageMaker\.(Create|Update)Pipeline$/.test(op) && faults.remaining > 0) {
      faults.remaining -= 1;
      faults.refused += 1;
      req.resume();
      const throttled = faults.status === 400;
      res.writeHead(faults.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': throttled ? 'ThrottlingException' : 'ServiceUnavailable' });
      res.end(JSON.stringify({ __type: throttled ? 'ThrottlingException' : 'ServiceUnavailable', message: throttled ? 'Rate exceeded' : 'Service unavailable' }));
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const addr = proxy.address();
  proxyUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  await moto?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Fewer attempts than the default (5) keep the SDK's backoff (0.5 s base for throttling) short.
const deploy = (name: string, maxAttempts?: number) =>
  writeFixture(join(dir, name), { bucket: 'retry-code', pipelineName: name }).then((fx) =>
    deployPipeline({
      definitionPath: fx.definitionPath,
      roleArn: ROLE,
      endpoint: proxyUrl,
      region: moto.region,
      credentials: moto.credentials,
      ...(maxAttempts ? { maxAttempts } : {}),
    }),
  );

describe('retries (SDK adaptive strategy)', () => {
  it('rides out throttling and 503s', async () => {
    Object.assign(faults, { remaining: 1, refused: 0, status: 400 });
    expect((await deploy('throttled')).action).toBe('created');
    expect(faults.refused).toBe(1);

    Object.assign(faults, { remaining: 2, refused: 0, status: 503 });
    expect((await deploy('unavailable')).action).toBe('created');
    expect(faults.refused).toBe(2);
  });

  it('gives up after maxAttempts with AWS’s message and what to do', async () => {
    expect(DEFAULT_MAX_ATTEMPTS).toBe(5);
    Object.assign(faults, { remaining: 100, refused: 0, status: 400 });
    const err = await deploy('hopeless', 2).catch((e: unknown) => e);
    expect(faults.refused).toBe(2);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toMatch(/cannot create pipeline hopeless: ThrottlingException \(HTTP 400\): Rate exceeded\. AWS still failed after 2 attempts/);
    faults.remaining = 0;
  });
});
