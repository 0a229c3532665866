/** Human rendering of a deploy, and its exit code: with --wait, 0 only when the execution Succeeded. */
import type { DeployResult } from './deploy.js';
import { renderExecution } from './render-execution.js';

export function renderDeploy(result: DeployResult): { text: string; exitCode: number } {
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
  return { text: lines.join('\n'), exitCode };
}
