/**
 * One measured run of sagewire's injection, in its own process so that its peak RSS is its
 * own. Usage: node repack-child.mjs <input> <output> <mode> <code-dir> <hyperparameters.json>
 * Modes: append | rewrite (code/ and hyperparameters.json), train (hyperparameters.json only,
 * as DummyTraining does), package (code/ only, as Package does after DummyTraining).
 */
import { filesFromDirectory, injectIntoArchive } from '../src/archive/index.js';

type Mode = 'append' | 'rewrite' | 'train' | 'package';
const [input, output, mode, codeDir, hyperparameters] = process.argv.slice(2) as [string, string, Mode, string, string];
const started = performance.now();
const code = mode === 'train' ? [] : await filesFromDirectory(codeDir, 'code/');
const hp = mode === 'package' ? [] : [{ name: 'hyperparameters.json', source: hyperparameters }];
const result = await injectIntoArchive({ input, output, files: [...code, ...hp], trustIndex: true, mode: mode === 'rewrite' ? 'rewrite' : 'append' });
process.stdout.write(
  `${JSON.stringify({
    seconds: (performance.now() - started) / 1000,
    method: result.method,
    inputRead: result.inputRead,
    bytesOut: result.bytesOut,
  })}\n`,
);
