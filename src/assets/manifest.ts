/**
 * The asset manifest: the files a compiled definition expects to find at S3 URIs (script
 * bundles, config-derived JSON, local model files), and where each comes from.
 *
 * `compile --out pipeline.json` writes it beside the definition as `pipeline.assets.json`;
 * `deploy` uploads it to S3 and the local runner puts it into its store. This is how compile
 * and the two runners agree on code locations: what compile names is what they upload.
 */
import { ConfigError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readJsonFileSync } from '../fs/json-input.js';

export interface Asset {
  /** Where the definition reads it: `s3://<bucket>/<pipeline>/code/<sha256>/<file>`. */
  uri: string;
  /** sha256 (hex) of the content; also the folder in the content-hashed key. */
  sha256: string;
  size: number;
  /** Absolute path of a local file holding the content (script bundles, user files). */
  file?: string;
  /** The content itself, for small generated files (config JSON, hyperparameters.json). */
  text?: string;
  /**
   * A file of the pinned Node runtime (node-runtime.ts), fetched into the machine's cache
   * only when it has to be uploaded: compile stays offline.
   */
  runtime?: 'node' | 'license';
}

export interface AssetManifest {
  version: 1;
  pipelineName: string;
  assets: Asset[];
}

/** `pipeline.json` -> `pipeline.assets.json` (beside it). */
export function manifestPathFor(definitionPath: string): string {
  return `${definitionPath.replace(/\.json$/i, '')}.assets.json`;
}

/** The bytes of a manifest file. */
export function manifestJson(manifest: AssetManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export async function writeManifest(path: string, manifest: AssetManifest): Promise<void> {
  await writeFileAtomic(path, manifestJson(manifest));
}

/** Reads a manifest; `undefined` when the file does not exist. */
export async function readManifest(path: string): Promise<AssetManifest | undefined> {
  const absent = new Error('no manifest');
  let parsed: unknown;
  try {
    parsed = readJsonFileSync(path, { what: 'the asset manifest', fail: (message, issues) => new ConfigError(message, issues), missing: () => absent });
  } catch (err) {
    if (err === absent) return undefined;
    throw err;
  }
  const m = parsed as Partial<AssetManifest>;
  if (m?.version !== 1 || !Array.isArray(m.assets)) {
    throw new ConfigError(`${path}: not a sagewire asset manifest (expected {"version":1,"assets":[...]})`);
  }
  m.assets.forEach((a, i) => {
    const runtime = a?.runtime === 'node' || a?.runtime === 'license';
    if (typeof a?.uri !== 'string' || !a.uri.startsWith('s3://') || (a.file === undefined && a.text === undefined && !runtime)) {
      throw new ConfigError(`${path}: assets[${i}] needs an s3:// "uri" and a "file", "text" or "runtime"`);
    }
  });
  return m as AssetManifest;
}
