/**
 * One measured run of sagewire's injection, in its own process so that its peak RSS is its
 * own. Usage: node repack-child.mjs <input> <output> <append|rewrite> <code-dir> <hyperparameters.json>
 */
import { filesFromDirectory, injectIntoArchive } from '../src/archive/index.js';

const [input, output, mode, codeDir, hyperparameters] = process.argv.slice(2) as [string, string, 'append' | 'rewrite', string, string];
const started = performance.now();
const files = [...(await filesFromDirectory(codeDir, 'code/')), { name: 'hyperparameters.json', source: hyperparameters }];
const result = await injectIntoArchive({ input, output, files, mode });
process.stdout.write(
  `${JSON.stringify({
    seconds: (performance.now() - started) / 1000,
    method: result.method,
    bytesOut: result.bytesOut,
  })}\n`,
);
