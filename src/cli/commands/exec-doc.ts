/** `sagewire exec-doc --dag --config --doc [--out]`: fill an execution document's registration STEP_CONFIGs. */
import { resolve } from 'node:path';
import { createTemplate } from '../../compile/compile.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { ConfigError } from '../../errors.js';
import { readJsonFileSync } from '../../fs/json-input.js';
import type { CommandContext, CommandResult } from '../context.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult> {
  const docPath = resolve(ctx.cwd, String(opts.doc));
  const doc = readJsonFileSync(docPath, { what: 'the execution document', fail: (message, issues) => new ConfigError(message, issues) });
  const template = createTemplate({ dag: resolve(ctx.cwd, String(opts.dag)), configFile: resolve(ctx.cwd, String(opts.config)) });
  template.generatePipeline();
  const filled = template.fillExecutionDocument(doc);
  const text = `${JSON.stringify(filled, null, 2)}\n`;
  if (typeof opts.out === 'string') {
    const out = resolve(ctx.cwd, opts.out);
    await writeFileAtomic(out, text);
    return { data: { out, document: filled }, text: `filled execution document written to ${out}` };
  }
  return { data: { document: filled }, text };
}
