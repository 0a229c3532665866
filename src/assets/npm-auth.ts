/**
 * The credential npm itself would send to a registry URL, read from the user's npm settings:
 * the project's `.npmrc` (nearest folder up from cwd holding package.json or node_modules), the
 * user's (`npm_config_userconfig`, else `~/.npmrc`) and `npm_config_*` environment variables,
 * in rising priority, with `${VAR}` expanded from the environment. As npm requires, a
 * credential is scoped to a registry: `//host[:port]/path/:_authToken` (Bearer), `:_auth`
 * (Basic, base64 user:password) or `:username` with `:_password` (base64); the longest scope
 * that covers the URL wins, walked up the path one segment at a time as npm-registry-fetch does.
 * See https://docs.npmjs.com/cli/configuring-npm/npmrc#auth-related-configuration
 * The values found are never logged; callers name only the scope key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface NpmConfigSource {
  env?: NodeJS.ProcessEnv;
  /** Where the project .npmrc is looked for (default process.cwd()). */
  cwd?: string;
}

/** One config layer: key -> value, and which file (or the environment) each came from. */
export type NpmConfig = Map<string, { value: string; from: string }>;

export interface NpmCredential {
  /** The value of an Authorization header. */
  authorization: string;
  /** The config key it came from (e.g. `//registry.example.com/npm/:_authToken`) and where. */
  key: string;
  from: string;
}

/** `${NAME}` from the environment, `\${NAME}` kept literally (npm's rule). */
function expand(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/(\\*)\$\{([^${}]+)\}/g, (whole, esc: string, name: string) => {
    if (esc.length % 2) return whole.slice((esc.length + 1) / 2);
    return esc.slice(esc.length / 2) + (env[name] ?? whole.slice(esc.length));
  });
}

/** The `key = value` lines of an ini file (npm/ini: `;`/`#` comments, quoted values, sections ignored). */
function parseIni(text: string, from: string, env: NodeJS.ProcessEnv, into: NpmConfig): void {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#') || line.startsWith('[')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = expand(line.slice(0, eq).trim(), env);
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && /^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    into.set(key, { value: expand(value, env), from });
  }
}

function readIni(path: string, env: NodeJS.ProcessEnv, into: NpmConfig): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return; // an absent file is no setting
  }
  parseIni(text, path, env, into);
}

/** npm's project folder: the nearest one up from cwd that holds package.json or node_modules. */
function projectDir(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'node_modules'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The merged npm settings that can carry a credential (user, then project, then environment). */
export function readNpmConfig(src: NpmConfigSource = {}): NpmConfig {
  const env = src.env ?? process.env;
  const config: NpmConfig = new Map();
  const userconfig = env.npm_config_userconfig ?? env.NPM_CONFIG_USERCONFIG ?? join(env.HOME ?? homedir(), '.npmrc');
  readIni(userconfig, env, config);
  const project = projectDir(src.cwd ?? process.cwd());
  const projectFile = project ? join(project, '.npmrc') : undefined;
  if (projectFile && resolve(projectFile) !== resolve(userconfig)) readIni(projectFile, env, config);
  for (const [name, value] of Object.entries(env)) {
    if (!/^npm_config_/i.test(name) || !value) continue;
    const key = name.slice('npm_config_'.length);
    // Scoped (nerf-darted) keys are taken verbatim; others as npm normalizes them.
    config.set(key.startsWith('//') ? key : key.replace(/(?!^)_/g, '-').toLowerCase(), { value: expand(value, env), from: `environment variable ${name}` });
  }
  return config;
}

function credentialAt(scope: string, config: NpmConfig): NpmCredential | undefined {
  const token = config.get(`${scope}:_authToken`);
  if (token?.value) return { authorization: `Bearer ${token.value}`, key: `${scope}:_authToken`, from: token.from };
  const auth = config.get(`${scope}:_auth`);
  if (auth?.value) return { authorization: `Basic ${auth.value}`, key: `${scope}:_auth`, from: auth.from };
  const user = config.get(`${scope}:username`);
  const password = config.get(`${scope}:_password`);
  if (user?.value && password?.value) {
    const plain = Buffer.from(password.value, 'base64').toString('utf8');
    return { authorization: `Basic ${Buffer.from(`${user.value}:${plain}`).toString('base64')}`, key: `${scope}:username`, from: user.from };
  }
  return undefined;
}

/** The credential npm would send with a request to `url`, or undefined. */
export function npmCredentialFor(url: string, config: NpmConfig): NpmCredential | undefined {
  const parsed = new URL(url);
  // Walk up `//host/a/b/file`: `//host/a/b/`, `//host/a/b`, `//host/a/`, ... `//host/`, `//host`.
  for (let scope = `//${parsed.host}${parsed.pathname}`; scope.length > 2; scope = scope.replace(/([^/]+|\/)$/, '')) {
    const found = credentialAt(scope, config);
    if (found) return found;
  }
  return undefined;
}

/** `url` without any user:password part, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return `${u.toString()} (credentials in the URL not shown)`;
  } catch {
    return url;
  }
}
