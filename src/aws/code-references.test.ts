import { describe, expect, it } from 'vitest';
import type { AssetManifest } from '../assets/index.js';
import { DefinitionError } from '../errors.js';
import { checkCodeReferences, hashedCodeUris } from './code-references.js';

const sha = 'a'.repeat(64);
const other = 'b'.repeat(64);
const file = `s3://bkt/pipe/code/${sha}/main.mjs`;
const manifest: AssetManifest = { version: 1, pipelineName: 'pipe', assets: [{ uri: file, sha256: sha, size: 1, text: 'x' }] };
const definition = (uris: string[]) => ({
  Version: '2020-12-01',
  Steps: uris.map((u, i) => ({ Name: `S${i}`, Arguments: { ProcessingInputs: [{ S3Input: { S3Uri: u } }] } })),
});

describe('code references', () => {
  it('finds content-hashed code URIs with their JSON paths, and ignores other S3 URIs', () => {
    expect(hashedCodeUris(definition([file, 's3://bkt/data/train.csv', `s3://bkt/code/${sha}`]))).toEqual([
      { path: 'Steps[0].Arguments.ProcessingInputs[0].S3Input.S3Uri', uri: file },
      { path: 'Steps[2].Arguments.ProcessingInputs[0].S3Input.S3Uri', uri: `s3://bkt/code/${sha}` },
    ]);
  });

  it('accepts a definition whose code is all in the manifest, as files or as their folder', () => {
    expect(() => checkCodeReferences('p.json', definition([file, `s3://bkt/pipe/code/${sha}/`, `s3://bkt/pipe/code/${sha}`]), manifest, 'p.assets.json')).not.toThrow();
  });

  it('names every code URI deploy could not upload, and what to do', () => {
    const missing = `s3://bkt/pipe/code/${other}/main.mjs`;
    let err: unknown;
    try {
      checkCodeReferences('p.json', definition([file, missing]), manifest, 'p.assets.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DefinitionError);
    expect((err as DefinitionError).describe()).toContain(`Steps[1].Arguments.ProcessingInputs[0].S3Input.S3Uri: ${missing} is not in the asset manifest`);
    expect((err as Error).message).toMatch(/p\.assets\.json does not list it\): compile again with --out/);
  });

  it('without a manifest, returns the code URIs it cannot vouch for', () => {
    expect(checkCodeReferences('p.json', definition([file, file]), undefined, 'p.assets.json')).toEqual([file]);
  });
});
