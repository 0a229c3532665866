// Placeholder until the command is built; replace the whole file.
import type { CommandContext, CommandResult } from '../context.js';
import { UsageError } from '../../errors.js';

export async function run(_opts: Record<string, unknown>, _ctx: CommandContext): Promise<CommandResult> {
  throw new UsageError('sagewire compile is not built yet');
}
