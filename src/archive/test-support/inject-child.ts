/**
 * One injection in a process of its own, for tests that watch its system calls (strace).
 * Usage: node --import tsx inject-child.ts <input> <output> <trust-index: 0|1> <name=file>...
 */
import { injectIntoArchive } from '../index.js';

const [input, output, trust, ...pairs] = process.argv.slice(2) as [string, string, string, ...string[]];
const files = pairs.map((pair) => {
  const at = pair.indexOf('=');
  return { name: pair.slice(0, at), source: pair.slice(at + 1) };
});
const result = await injectIntoArchive({ input, output, files, trustIndex: trust === '1' });
process.stdout.write(`${JSON.stringify({ method: result.method, inputRead: result.inputRead, bytesOut: result.bytesOut })}\n`);
