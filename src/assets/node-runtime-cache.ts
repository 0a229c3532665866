/**
 * Gets the pinned Node runtime (see node-runtime.ts) onto this machine, once: into
 * `$XDG_CACHE_HOME/sagewire/runtime/` (else `~/.cache/sagewire/runtime/`), verified against
 * the pins, under a lock so that two runs never fetch it twice. The source is, in order:
 * the cache; `SAGEWIRE_NODE_RUNTIME` (the npm tarball, or the binary with its LICENSE beside
 * it or one folder up, for machines without the registry); the user's npm registry, with the
 * credential npm would send there (npm-auth.ts; never printed).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ConfigError } from '../errors.js';
import { npmCredentialFor, readNpmConfig, redactUrl, type NpmCredential } from './npm-auth.js';
import { withFileLock } from '../fs/file-lock.js';
import { sha256File } from '../fs/sha256-file.js';
import { NODE_RUNTIME, RUNTIME_BINARY_NAME, RUNTIME_LICENSE_NAME, runtimeLabel, type NodeRuntimePin, type RuntimeFile } from './node-runtime.js';

export const RUNTIME_ENV = 'SAGEWIRE_NODE_RUNTIME';

export interface RuntimeFiles {
  binary: string;
  license: string;
}

export interface EnsureRuntimeOptions {
  pin?: NodeRuntimePin;
  /** Default: {@link sagewireCacheDir}. */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  /** npm registry URL; default the user's `npm config get registry`. */
  registry?: string;
  /** Where npm's project settings (.npmrc) are looked for; default process.cwd(). */
  cwd?: string;
  /** Progress lines (the download, in steps of 10%). */
  log?: (line: string) => void;
}

/** `$XDG_CACHE_HOME/sagewire`, else `~/.cache/sagewire`. */
export function sagewireCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME?.trim();
  return xdg ? join(xdg, 'sagewire') : join(homedir(), '.cache', 'sagewire');
}

/** The registry npm itself would use (its config files and npm_config_registry), else npmjs. */
export function npmRegistry(opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  // No update check: it would be a registry request (with the user's credential) for nothing.
  const env = { PATH: process.env.PATH, ...(opts.env ?? process.env), npm_config_update_notifier: 'false' };
  const r = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', timeout: 20_000, env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  const url = r.status === 0 ? r.stdout.trim() : '';
  return /^https?:\/\//.test(url) ? url : 'https://registry.npmjs.org/';
}

function folderOf(pin: NodeRuntimePin, root: string): string {
  return join(root, 'runtime', `${pin.package}-${pin.version}-${pin.binary.sha256.slice(0, 12)}`);
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** The cached files when both are there at their pinned sizes (they were verified on the way in). */
async function cached(pin: NodeRuntimePin, dir: string): Promise<RuntimeFiles | undefined> {
  const files = { binary: join(dir, RUNTIME_BINARY_NAME), license: join(dir, RUNTIME_LICENSE_NAME) };
  const ok = (await sizeOf(files.binary)) === pin.binary.size && (await sizeOf(files.license)) === pin.license.size;
  return ok ? files : undefined;
}

function mismatch(what: string, source: string, expected: string, got: string): ConfigError {
  return new ConfigError(`${source}: ${what} does not match the pinned Node runtime (expected ${expected}, got ${got}); nothing was cached`);
}

async function checkFile(path: string, want: RuntimeFile, source: string, what: string): Promise<void> {
  const got = await sha256File(path);
  if (got.sha256 !== want.sha256 || got.size !== want.size) {
    throw mismatch(what, source, `sha256 ${want.sha256}, ${want.size} bytes`, `sha256 ${got.sha256}, ${got.size} bytes`);
  }
}

async function sha512Base64(path: string): Promise<string> {
  const h = createHash('sha512');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('base64');
}

/** Writes the binary and the licence out of the npm tarball into `dir`. */
async function unpackTarball(tgz: string, dir: string, pin: NodeRuntimePin, source: string): Promise<void> {
  const wanted = new Map([
    [pin.binary.member, RUNTIME_BINARY_NAME],
    [pin.license.member, RUNTIME_LICENSE_NAME],
  ]);
  const found = new Set<string>();
  // Loaded here: compile reaches this module through the asset uploader but never unpacks.
  const { extract } = await import('tar-stream');
  const ex = extract();
  ex.on('entry', (header, stream, next) => {
    const name = wanted.get(header.name);
    if (!name || header.type !== 'file' || found.has(header.name)) {
      stream.on('end', next);
      stream.resume();
      return;
    }
    found.add(header.name);
    pipeline(stream, createWriteStream(join(dir, name), { mode: 0o600 })).then(() => next(), next);
  });
  await pipeline(createReadStream(tgz), createGunzip(), ex);
  for (const member of wanted.keys()) {
    if (!found.has(member)) throw new ConfigError(`${source}: the tarball has no ${member}; is it ${runtimeLabel(pin)}?`);
  }
}

/** What to do about a 401/403, naming where the credential came from but never its value. */
function loginHint(status: number, url: string, credential: NpmCredential | undefined): string {
  const scope = `//${new URL(url).host}/`;
  if (credential) return `HTTP ${status}: the registry refused the credential npm settings give for it (${credential.key}, from ${credential.from}); renew it (npm login)`;
  return `HTTP ${status}: the registry wants a login and npm's settings give none for this URL; add ${scope}:_authToken=\${NPM_TOKEN} (or _auth) to your .npmrc, as npm login does`;
}

/** Downloads the npm tarball to `dest` (with the credential npm would send), printing progress. */
async function download(url: string, dest: string, label: string, log: (l: string) => void, credential?: NpmCredential): Promise<void> {
  const where = redactUrl(url);
  let res: Response;
  try {
    res = await fetch(url, credential ? { headers: { authorization: credential.authorization } } : {});
  } catch (err) {
    throw new ConfigError(`cannot fetch ${label} from ${where} (${(err as Error).cause ? String((err as Error).cause) : (err as Error).message}): ` + `set ${RUNTIME_ENV} to a copy of the tarball (npm pack ${label}) on a machine without the registry`);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    const why = res.status === 401 || res.status === 403 ? loginHint(res.status, url, credential) : `HTTP ${res.status}`;
    throw new ConfigError(`cannot fetch ${label} from ${where}: ${why}; or set ${RUNTIME_ENV} to a copy of the tarball (npm pack ${label})`);
  }
  const total = Number(res.headers.get('content-length') ?? 0);
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  log(`fetching ${label} from ${where}${total ? ` (${mb(total)})` : ''}${credential ? ` as ${credential.key}` : ''}, once: it is cached for later runs`);
  let received = 0;
  let shown = 0;
  const counter = new Writable({
    write(chunk: Buffer, _enc, cb) {
      received += chunk.length;
      const pct = total ? Math.floor((received / total) * 10) * 10 : 0;
      if (total && pct > shown) {
        shown = pct;
        log(`  ${label}: ${pct}% (${mb(received)} of ${mb(total)})`);
      }
      out.write(chunk, cb);
    },
    final(cb) {
      out.end(cb);
    },
  });
  const out = createWriteStream(dest, { mode: 0o600 });
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), counter);
  if (!total) log(`  ${label}: ${mb(received)} received`);
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    await fh.read(b, 0, 2, 0);
    return b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

async function fromEnvFile(given: string, tmp: string, pin: NodeRuntimePin): Promise<void> {
  const source = `${RUNTIME_ENV}=${given}`;
  if ((await sizeOf(given)) === undefined) throw new ConfigError(`${source}: no such file`);
  if (await isGzip(given)) {
    const got = `sha512-${await sha512Base64(given)}`;
    if (got !== pin.integrity) throw mismatch('the tarball', source, pin.integrity, got);
    await unpackTarball(given, tmp, pin, source);
    return;
  }
  await checkFile(given, pin.binary, source, 'the binary');
  const candidates = [join(dirname(given), RUNTIME_LICENSE_NAME), join(dirname(dirname(given)), RUNTIME_LICENSE_NAME)];
  let license: string | undefined;
  for (const c of candidates) if ((await sizeOf(c)) !== undefined && !license) license = c;
  if (!license) {
    throw new ConfigError(`${source}: the Node licence must travel with the binary: put its LICENSE beside it or one folder up (looked at ${candidates.join(', ')})`);
  }
  await checkFile(license, pin.license, `${source} (${license})`, 'the licence');
  await pipeline(createReadStream(given), createWriteStream(join(tmp, RUNTIME_BINARY_NAME), { mode: 0o600 }));
  await pipeline(createReadStream(license), createWriteStream(join(tmp, RUNTIME_LICENSE_NAME), { mode: 0o600 }));
}

/** The runtime's binary and licence on this machine, fetched and verified on first use. */
export async function ensureNodeRuntime(opts: EnsureRuntimeOptions = {}): Promise<RuntimeFiles> {
  const pin = opts.pin ?? NODE_RUNTIME;
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  const dir = folderOf(pin, opts.cacheDir ?? sagewireCacheDir(env));
  const hit = await cached(pin, dir);
  if (hit) return hit;
  await mkdir(dirname(dir), { recursive: true });
  const label = runtimeLabel(pin);
  return withFileLock(
    `${dir}.lock`,
    async () => {
      const again = await cached(pin, dir);
      if (again) return again;
      const tmp = await mkdtemp(`${dir}.tmp-`);
      try {
        const given = env[RUNTIME_ENV]?.trim();
        if (given) {
          await fromEnvFile(given, tmp, pin);
        } else {
          const registry = opts.registry ?? npmRegistry({ ...(opts.cwd ? { cwd: opts.cwd } : {}), env });
          const url = `${registry.replace(/\/+$/, '')}/${pin.package}/-/${pin.package}-${pin.version}.tgz`;
          const tgz = join(tmp, 'package.tgz');
          await download(url, tgz, label, log, npmCredentialFor(url, readNpmConfig({ env, ...(opts.cwd ? { cwd: opts.cwd } : {}) })));
          const got = `sha512-${await sha512Base64(tgz)}`;
          if (got !== pin.integrity) throw mismatch('the downloaded tarball', redactUrl(url), pin.integrity, got);
          await unpackTarball(tgz, tmp, pin, redactUrl(url));
          await rm(tgz);
        }
        await checkFile(join(tmp, RUNTIME_BINARY_NAME), pin.binary, label, 'the binary');
        await checkFile(join(tmp, RUNTIME_LICENSE_NAME), pin.license, label, 'the licence');
        await chmod(join(tmp, RUNTIME_BINARY_NAME), 0o755);
        await chmod(join(tmp, RUNTIME_LICENSE_NAME), 0o644);
        await chmod(tmp, 0o755);
        await rm(dir, { recursive: true, force: true });
        await rename(tmp, dir);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
      return (await cached(pin, dir))!;
    },
    () => log(`waiting for another sagewire fetching ${label}`),
  );
}
