/** `sagewire executions <pipeline-name>`: the executions of a pipeline, newest first. */
import { createSageMakerClient, listExecutions, type ExecutionSummary } from '../../aws/index.js';
import { UsageError } from '../../errors.js';
import type { CommandContext, CommandResult } from '../context.js';

export async function run(
  opts: Record<string, unknown>,
  _ctx: CommandContext,
): Promise<CommandResult<{ pipelineName: string; executions: ExecutionSummary[] }>> {
  const pipelineName = String(opts.pipelineName);
  const max = opts.max === undefined ? 50 : Number(opts.max);
  if (!Number.isInteger(max) || max < 1) throw new UsageError(`--max needs a positive integer, got "${String(opts.max)}"`);
  const client = createSageMakerClient({
    ...(typeof opts.region === 'string' ? { region: opts.region } : {}),
    ...(typeof opts.endpointUrl === 'string' ? { endpoint: opts.endpointUrl } : {}),
  });
  const executions = await listExecutions(client, pipelineName, { max });
  const text =
    executions.length === 0
      ? `pipeline ${pipelineName} has no executions`
      : executions.map((e) => `${e.startTime ?? '-'}  ${e.status.padEnd(9)}  ${e.arn}`).join('\n');
  return { data: { pipelineName, executions }, text };
}
