// An esbuild plugin for sagewire's CLI bundle: commander requires node:child_process at its top
// level (about 8 ms of every start: child_process pulls in net, dgram and streams) only to spawn
// executable subcommands, which sagewire never declares. Its one use, childProcess.spawn, now
// loads the module when called. The build fails if commander stops matching, so an upgrade
// cannot silently bring the cost back.
import { readFile } from 'node:fs/promises';

const EAGER = "const childProcess = require('node:child_process');";
const LAZY = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";

export const commanderLazySpawn = {
  name: 'commander-lazy-spawn',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(EAGER)) {
        throw new Error(`${args.path}: commander no longer requires child_process as scripts/commander-lazy-spawn.mjs expects; update the plugin`);
      }
      const uses = source.match(/childProcess\.\w+/g) ?? [];
      if (uses.some((use) => use !== 'childProcess.spawn')) {
        throw new Error(`${args.path}: commander uses ${[...new Set(uses)].join(', ')}; scripts/commander-lazy-spawn.mjs only defers spawn`);
      }
      return { contents: source.replace(EAGER, LAZY), loader: 'js' };
    });
  },
};
