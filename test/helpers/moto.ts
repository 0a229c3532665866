/**
 * Starts a real `moto_server` (the AWS API emulator) on 127.0.0.1 on a free port, for tests of
 * S3 and SageMaker calls. It fails with a message that says how to install moto when it
 * cannot start: it never skips silently.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Moto {
  endpoint: string;
  /** Fake credentials moto accepts; also set as AWS_* env vars by {@link motoEnv}. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let spawnError: Error | undefined;
  let output = '';
  const proc: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.on('error', (err) => (spawnError = err));
  proc.stdout?.on('data', (d) => (output += d));
  proc.stderr?.on('data', (d) => (output += d));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (spawnError) {
      throw new Error(
        `cannot start moto_server (${spawnError.message}). Install it with: pip install 'moto[server]'`,
      );
    }
    if (proc.exitCode !== null) {
      throw new Error(`moto_server exited with ${proc.exitCode}: ${output.slice(-2000)}`);
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok || res.status < 500) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    region: 'us-east-1',
    async stop() {
      if (proc.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
      });
    },
  };
}

/** Env vars that point the AWS SDK (and our scripts) at moto. */
export function motoEnv(moto: Moto): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey,
    AWS_REGION: moto.region,
    AWS_ENDPOINT_URL: moto.endpoint,
  };
}
