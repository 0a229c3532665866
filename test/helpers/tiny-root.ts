/**
 * A tiny root file system for sandbox tests: the host's dash (as /bin/sh), a few coreutils
 * and setpriv, each with the shared libraries `ldd` names, copied into a folder with a marker
 * file. Enough to prove a step runs in the given root and not the host's.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const TOOLS = ['/bin/dash', '/usr/bin/cat', '/usr/bin/stat', '/usr/bin/id', '/usr/bin/ls', '/usr/bin/setpriv'];

export const TINY_ROOT_MARKER = 'tiny-root for sagewire tests';

export function buildTinyRoot(root: string): string {
  const copy = (file: string) => {
    const target = join(root, file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(realpathSync(file), target);
  };
  for (const tool of TOOLS) {
    copy(tool);
    const libs = execFileSync('ldd', [tool], { encoding: 'utf8' })
      .split('\n')
      .map((l) => /(\/\S+) \(0x/.exec(l)?.[1])
      .filter((l): l is string => !!l);
    for (const lib of libs) copy(lib);
  }
  symlinkSync('dash', join(root, 'bin', 'sh'));
  for (const d of ['tmp', 'dev', 'proc', 'opt', 'etc', 'usr/local/bin']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'etc', 'image-marker'), TINY_ROOT_MARKER);
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
  return root;
}
