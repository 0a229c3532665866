/** `sagewire deploy <pipeline.json> --role <arn>`: see src/aws/deploy.ts. */
import { resolve } from 'node:path';
import { deployPipeline, type DeployResult } from '../../aws/index.js';
import type { CommandContext, CommandResult } from '../context.js';
import { renderExecution } from '../../aws/render-execution.js';

export async function run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult<DeployResult>> {
  const result = await deployPipeline({
    definitionPath: resolve(ctx.cwd, String(opts.pipeline)),
    roleArn: String(opts.role),
    ...(typeof opts.name === 'string' ? { name: opts.name } : {}),
    ...(typeof opts.region === 'string' ? { region: opts.region } : {}),
    ...(typeof opts.endpointUrl === 'string' ? { endpoint: opts.endpointUrl } : {}),
    ...(typeof opts.bucket === 'string' ? { bucket: opts.bucket } : {}),
    parameters: (opts.param as string[] | undefined) ?? [],
    start: Boolean(opts.start),
    wait: Boolean(opts.wait),
    log: ctx.log,
  });

  const lines = [
    `${result.action} pipeline ${result.pipelineName} in ${result.region}`,
    `  arn: ${result.pipelineArn}`,
    `  definition: ${result.definition.bytes} bytes, ${result.definition.via === 's3' ? `from ${result.definition.uri}` : 'inline'}`,
    `  code: ${result.assets.uploaded.length} uploaded, ${result.assets.skipped.length} already there`,
  ];
  let exitCode = 0;
  const exec = result.execution;
  if (exec) {
    lines.push(`execution: ${exec.arn}`);
    if (exec.report) {
      lines.push(...renderExecution(exec.report).map((l) => `  ${l}`));
      if (!exec.finished) lines.push('  (still running: stopped waiting)');
      if (exec.report.status !== 'Succeeded') exitCode = 1;
    }
  }
  return { data: result, text: lines.join('\n'), exitCode };
}
