/** `sagewire status <execution-arn>`: one execution and its steps. */
import { createSageMakerClient, describeExecution, parseExecutionArn, type ExecutionReport } from '../../aws/index.js';
import type { CommandContext, CommandResult } from '../context.js';
import { renderExecution } from '../../aws/render-execution.js';

export async function run(opts: Record<string, unknown>, _ctx: CommandContext): Promise<CommandResult<ExecutionReport>> {
  const arn = String(opts.executionArn);
  // An execution lives in the region its ARN names; --region only overrides that.
  const { region } = parseExecutionArn(arn);
  const client = createSageMakerClient({
    region: typeof opts.region === 'string' ? opts.region : region,
    ...(typeof opts.endpointUrl === 'string' ? { endpoint: opts.endpointUrl } : {}),
  });
  const report = await describeExecution(client, arn);
  return { data: report, text: [report.arn, ...renderExecution(report)].join('\n') };
}
