/** `sagewire deploy <pipeline.json> --role <arn>`: see src/aws/deploy.ts. */
import { resolve } from 'node:path';
import { deployPipeline, renderDeploy, type DeployResult } from '../../aws/index.js';
import type { CommandContext, CommandResult } from '../context.js';
import { jsonError } from '../json-error.js';

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
    rewriteRoles: Boolean(opts.rewriteRoles),
    log: ctx.log,
  });
  const { text, exitCode } = renderDeploy(result);
  if (!exitCode) return { data: result, text };
  const status = result.execution?.report?.status ?? 'unknown';
  return { data: result, text, exitCode, error: jsonError('AWS', `the pipeline execution ended ${status}`, [{ path: result.execution?.arn ?? '', message: status }]) };
}
