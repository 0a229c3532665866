/**
 * The one file that declares sagewire's commands. Each action loads its command module
 * lazily (so `sagewire steps` does not load the AWS SDK) and hands it the parsed options.
 */
import { Command, Option } from 'commander';
import { createRequire } from 'node:module';
import type { CommandContext, CommandResult } from './context.js';
import { jsonError } from './json-error.js';

const require = createRequire(import.meta.url);
export const VERSION: string = (require('../../package.json') as { version: string }).version;

type Handler = (opts: Record<string, unknown>, ctx: CommandContext) => Promise<CommandResult>;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Runs a command module's `run` and prints its result; sets the exit code it asks for. */
function action(load: () => Promise<{ run: Handler }>, positional: string[] = []) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const opts: Record<string, unknown> = { ...cmd.optsWithGlobals() };
    positional.forEach((name, i) => {
      opts[name] = args[i];
    });
    const json = Boolean(opts.json);
    const ctx: CommandContext = {
      cwd: process.cwd(),
      json,
      log: (line) => process.stderr.write(`${line}\n`),
      ...(process.stderr.isTTY && !json ? { tty: process.stderr } : {}),
    };
    const { run } = await load();
    const result = await run(opts, ctx);
    if (json) {
      const error = result.exitCode ? (result.error ?? jsonError('INTERNAL', `${cmd.name()} failed without saying why (a bug)`)) : undefined;
      process.stdout.write(`${JSON.stringify({ version: VERSION, ...(result.data as object), ...(error ? { error } : {}) }, null, 2)}\n`);
    } else if (result.text) {
      process.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    }
    if (result.exitCode) process.exitCode = result.exitCode;
  };
}

/**
 * The program with every command, or (`argv` given) with only the command that argv names when
 * it names one: declaring all ~25 commands with their options is a few milliseconds of every
 * start (bench/start), and a run needs one. Help, `sagewire help`, an unknown command (which
 * commander answers with the closest name) and no command at all get the whole program.
 */
export function buildProgram(argv?: readonly string[]): Command {
  const only = argv === undefined ? undefined : commandNameIn(argv);
  if (only !== undefined) {
    const program = declareProgram((name) => name === only);
    if (program.commands.length > 0) return program;
  }
  return declareProgram(() => true);
}

/** The first word after node and the script that is not an option (`--json` is the only global). */
function commandNameIn(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

function declareProgram(wants: (command: string) => boolean): Command {
  const program = new Command('sagewire')
    .description('Wire, compile, run and deploy SageMaker pipelines from a DAG and one config JSON')
    .version(VERSION)
    .option('--json', 'print a machine-readable result on stdout (on failure: {"error": {code, message, issues}})')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .showHelpAfterError();

  // Building: DAG + config -> definition
  if (wants('compile')) {
    program
      .command('compile')
      .description('compile a DAG and a config file into a SageMaker pipeline definition')
      .requiredOption('--dag <file>', 'the DAG JSON ({"dag":{"nodes":[...],"edges":[...]}})')
      .requiredOption('--config <file>', 'the config JSON (sagewire or cursus format)')
      .option('--name <name>', 'pipeline name (default: from the base config)')
      .option('--out <file>', 'write the definition here (and <file>.assets.json beside it); stdout when absent')
      .option('--local [store]', 'for `sagewire run` only: own steps use the host\'s node; also put the assets into a local object store (default .sagewire/store)')
      .option('--no-vpc', 'for an account without a VPC: no VpcConfig/NetworkConfig and no VPC_SUBNET/SECURITY_GROUP_ID parameters')
      .action(action(() => import('./commands/compile.js')));
  }

  if (wants('validate')) {
    program
      .command('validate')
      .description('check configs and wiring; print every wiring decision and every unmatched input')
      .requiredOption('--dag <file>', 'the DAG JSON')
      .requiredOption('--config <file>', 'the config JSON')
      .action(action(() => import('./commands/validate.js')));
  }

  if (wants('exec-doc')) {
    program
      .command('exec-doc')
      .description('fill an execution document with the registration step configs')
      .requiredOption('--dag <file>', 'the DAG JSON')
      .requiredOption('--config <file>', 'the config JSON')
      .requiredOption('--doc <file>', 'the execution document to fill')
      .option('--out <file>', 'write the filled document here; stdout when absent')
      .action(action(() => import('./commands/exec-doc.js')));
  }

  if (wants('steps')) {
    program
      .command('steps')
      .description('list the step catalog with each step type’s inputs and outputs')
      .action(action(() => import('./commands/steps.js')));
  }

  // Container scripts, runnable on a laptop
  if (wants('package')) {
    program
      .command('package')
      .description('pack model artifacts and inference scripts (under code/) into <out>/model.tar.gz')
      .requiredOption('--model <path>', 'model.tar.gz or a folder of model files')
      .requiredOption('--scripts <dir>', 'inference scripts folder')
      .option('--calibration <dir>', 'calibration files, packed under calibration/')
      .requiredOption('--out <dir>', 'output folder')
      .option('--rewrite', 'recompress the whole archive instead of appending')
      .option('--verify', 'read and check the whole model archive even when SAGEWIRE_TRUST_APPEND_INDEX=1 would let the append read only its end (without it, every input is read in full)')
      .action(action(() => import('./commands/package.js')));
  }

  if (wants('dummy-train')) {
    program
      .command('dummy-train')
      .description('inject hyperparameters.json into a pretrained model.tar.gz')
      .requiredOption('--model <file>', 'model.tar.gz')
      .option('--hyperparameters <file>', 'hyperparameters.json (optional when the model has one)')
      .requiredOption('--out <dir>', 'output folder')
      .option('--rewrite', 'recompress the whole archive instead of appending')
      .option('--verify', 'read and check the whole model archive even when SAGEWIRE_TRUST_APPEND_INDEX=1 would let the append read only its end (without it, every input is read in full)')
      .action(action(() => import('./commands/dummy-train.js')));
  }

  if (wants('payload')) {
    program
      .command('payload')
      .description('generate sample payloads into <out>/payload.tar.gz')
      .requiredOption('--model <path>', 'model.tar.gz or a folder with hyperparameters.json')
      .option('--config <file>', 'a config JSON (with --step) or a payload config JSON')
      .option('--step <name>', 'the Payload or Registration step in --config to read variables from')
      .option('--content-types <list>', 'comma-separated content types (default text/csv,application/json)')
      .requiredOption('--out <dir>', 'output folder')
      .action(action(() => import('./commands/payload.js')));
  }

  if (wants('register')) {
    program
      .command('register')
      .description('register a packaged model with the inventory or the SageMaker Model Registry')
      .requiredOption('--model <file>', 'the packaged model.tar.gz')
      .option('--payload <file>', 'payload.tar.gz')
      .requiredOption('--config <file>', 'registration config JSON, or the pipeline config with --step')
      .option('--step <node>', "take the fields from this Registration node of the pipeline config")
      .option('--inventory <url>', 'model inventory URL (the files are uploaded to it)')
      .option('--sagemaker-registry', 'register in the SageMaker Model Registry instead')
      .option('--token <token>', 'inventory bearer token (or SAGEWIRE_INVENTORY_TOKEN)')
      .option('--iam', 'prove an IAM identity to the inventory (presigned sts:GetCallerIdentity, AWS credential chain)')
      .option('--sts-endpoint <url>', 'STS endpoint to sign for with --iam (default AWS STS)')
      .option('--region <region>', 'AWS region for the SageMaker registry')
      .option('--endpoint-url <url>', 'AWS endpoint (or AWS_ENDPOINT_URL)')
      .option('--timeout <seconds>', 'how long to wait for the registration', '600')
      .option('--tag <key=value>', 'a tag the new version starts with (inventory; repeatable)', collect)
      .option('--card <file>', 'a markdown model card for the new version (inventory)')
      .action(action(() => import('./commands/register.js')));
  }

  if (wants('inventory')) {
    const inventory = program.command('inventory').description('the model inventory service');
    inventory
      .command('serve')
      .description('serve the model inventory over HTTP')
      .option('--port <n>', 'port (0 picks a free one)', '8479')
      .option('--host <host>', 'address to bind', '127.0.0.1')
      .option('--data-dir <dir>', 'records and artifacts', '.sagewire/inventory')
      .option('--sts-endpoint <url>', 'STS endpoint IAM identities are forwarded to (default AWS STS)')
      .option('--server-id <name>', 'the name IAM identities must be signed for (default host:port)')
      .option('--token-file <file>', 'one "<reader|writer> <token>" per line')
      .option('--artifact-store <uri>', 'store artifacts in s3://bucket/prefix instead of the data dir')
      .option('--upload-retention-hours <h>', 'collect unused uploads older than this', '24')
      .action(action(() => import('./commands/inventory-serve.js')));

    /** The options every inventory client command takes, as `sagewire register` has them. */
    const connected = (cmd: Command) =>
      cmd
        .option('--inventory <url>', 'the inventory (or SAGEWIRE_INVENTORY_URL)')
        .option('--token <token>', 'bearer token (or SAGEWIRE_INVENTORY_TOKEN)')
        .option('--iam', 'prove an IAM identity instead (presigned sts:GetCallerIdentity, AWS credential chain)')
        .option('--sts-endpoint <url>', 'STS endpoint to sign for with --iam (default AWS STS)');
    connected(inventory.command('show').description("a model's versions, aliases, approvals and tags, or one version in full"))
      .argument('<model>', 'model id')
      .argument('[version]', 'version number')
      .action(action(() => import('./commands/inventory-show.js'), ['model', 'version']));
    connected(inventory.command('approve').description("set a version's approval (writer)"))
      .argument('<model>', 'model id')
      .argument('<version>', 'version number')
      .option('--status <status>', 'Approved, Rejected or PendingManualApproval', 'Approved')
      .option('--reason <text>', 'why (kept with the approval and in the audit log)')
      .action(action(() => import('./commands/inventory-approve.js'), ['model', 'version']));
    connected(inventory.command('alias').description('point an alias at a version, show it, or --delete it (writer to change)'))
      .argument('<model>', 'model id')
      .argument('<alias>', 'alias name (letters, digits, _ and -)')
      .argument('[version]', 'the version to point it at')
      .option('--delete', 'remove the alias')
      .action(action(() => import('./commands/inventory-alias.js'), ['model', 'alias', 'version']));
    connected(inventory.command('tag').description("change a version's tags and model card (writer)"))
      .argument('<model>', 'model id')
      .argument('<version>', 'version number')
      .argument('[tags...]', 'key=value pairs to set')
      .option('--remove <key>', 'remove a tag (repeatable)', collect)
      .option('--card <file>', 'set the model card from a markdown file')
      .option('--no-card', 'remove the model card')
      .action(action(() => import('./commands/inventory-tag.js'), ['model', 'version', 'tags']));
    connected(inventory.command('search').description('versions matching every condition given'))
      .option('--tag <key:value>', 'a tag the version has (repeatable)', collect)
      .option('--status <status>', 'approval: Approved, Rejected or PendingManualApproval')
      .option('--q <text>', 'text in the model id, domain, objective, owner or card')
      .option('--limit <n>', 'at most this many versions (default 100, at most 1000)')
      .action(action(() => import('./commands/inventory-search.js')));
    connected(inventory.command('audit').description('the audit log of every registry change, oldest first'))
      .option('--model <id>', 'only this model')
      .option('--after <seq>', 'entries after this sequence number (the previous page)')
      .option('--limit <n>', 'entries per page (default 100, at most 500)')
      .option('--all', 'follow every page')
      .action(action(() => import('./commands/inventory-audit.js')));
  }

  if (wants('store')) {
    const store = program.command('store').description('the local object store that `run` reads and writes');
    store
      .command('put')
      .description('put a file, or every file of a folder, into the local store at an s3:// URI')
      .argument('<path>', 'a file or folder')
      .argument('<uri>', 's3://bucket/key (a folder: s3://bucket/prefix/)')
      .option('--store <dir>', 'local object store folder', '.sagewire/store')
      .action(action(() => import('./commands/store-put.js'), ['path', 'uri']));
  }

  // Running
  if (wants('run')) {
    program
      .command('run')
      .description('run a pipeline definition locally, each step in a sandbox')
      .argument('<pipeline>', 'pipeline definition JSON')
      .option('--store <dir>', 'local object store folder', '.sagewire/store')
      .option('--s3-endpoint <url>', 'use an S3 API at this endpoint instead of the local folder')
      .option('--param <K=V>', 'pipeline parameter override (repeatable)', collect, [])
      .addOption(new Option('--inventory <url>', 'register into this inventory').conflicts('embeddedInventory'))
      .option('--embedded-inventory', 'start an inventory in-process for RegisterModel and registration steps')
      .option('--parallel <n>', 'steps run at once', '2')
      .option('--html <file>', 'write a report page')
      .option('--no-cache', 'ignore cached step results')
      .option('--limit <name=value>', 'raise or lower a sandbox limit: processes, fileSizeBytes, memoryBytes, tmpBytes, mlBytes (bytes may end in K/M/G/T; repeatable)', collect, [])
      .option(
        '--image-root <[prefix=]dir|tar>',
        'run steps inside this root file system (docker export / crane export) instead of the host\'s; with <ImageUri prefix>= only matching steps (repeatable)',
        collect,
        [],
      )
      .action(action(() => import('./commands/run.js'), ['pipeline']));
  }

  if (wants('graph')) {
    program
      .command('graph')
      .description('draw a pipeline definition as HTML, Mermaid or DOT')
      .argument('<pipeline>', 'pipeline definition JSON')
      .addOption(new Option('--format <f>', 'output format').choices(['html', 'mermaid', 'dot']))
      .option('--html', 'same as --format html')
      .option('--mermaid', 'same as --format mermaid')
      .option('--dot', 'same as --format dot')
      .option('--out <file>', 'write here; stdout when absent')
      .action(action(() => import('./commands/graph.js'), ['pipeline']));
  }

  if (wants('demo')) {
    program
      .command('demo')
      .description('build a sample model, compile the four-step flow, run it locally and register it')
      .option('--dir <dir>', 'working folder', '.sagewire/demo')
      .option('--size <bytes>', 'size of the sample model weights', '1048576')
      .option('--no-cache', 'run every step again (ignore cached step results)')
      .action(action(() => import('./commands/demo.js')));
  }

  // AWS
  if (wants('deploy')) {
    program
      .command('deploy')
      .description('upload code and create or update the pipeline in SageMaker')
      .argument('<pipeline>', 'pipeline definition JSON (its .assets.json beside it)')
      .requiredOption('--role <arn>', 'IAM role SageMaker assumes for the pipeline')
      .option('--name <name>', 'pipeline name (default: the compiled pipeline name, else the definition file name)')
      .option('--region <region>', 'AWS region (default: the AWS chain)')
      .option('--endpoint-url <url>', 'AWS endpoint (or AWS_ENDPOINT_URL)')
      .option('--bucket <bucket>', 'bucket for a definition of 100 KiB or more (default: the bucket of the code assets)')
      .option('--start', 'start an execution after deploying')
      .option('--wait', 'wait for the execution to finish (implies --start)')
      .option('--param <K=V>', 'execution parameter override (repeatable)', collect, [])
      .option('--rewrite-roles', "set every step's RoleArn / ExecutionRoleArn to --role (default: only warn when they differ)")
      .action(action(() => import('./commands/deploy.js'), ['pipeline']));
  }

  if (wants('status')) {
    program
      .command('status')
      .description('show a pipeline execution and its steps')
      .argument('<execution-arn>', 'pipeline execution ARN')
      .option('--region <region>', 'AWS region (default: the region in the ARN)')
      .option('--endpoint-url <url>', 'AWS endpoint (or AWS_ENDPOINT_URL)')
      .action(action(() => import('./commands/status.js'), ['executionArn']));
  }

  if (wants('executions')) {
    program
      .command('executions')
      .description('list the executions of a pipeline')
      .argument('<pipeline-name>', 'pipeline name')
      .option('--region <region>', 'AWS region')
      .option('--endpoint-url <url>', 'AWS endpoint (or AWS_ENDPOINT_URL)')
      .option('--max <n>', 'show at most this many, newest first', '50')
      .action(action(() => import('./commands/executions.js'), ['pipelineName']));
  }

  addExitCodeHelp(program);
  return program;
}

const EXIT_CODE_HELP = `
Output and exit codes:
  --json   print the result as JSON on stdout (progress stays on stderr); on failure stdout
           carries {"version", "error": {"code", "message", "issues": [{"path", "message"}]}}
  0        done
  1        a problem with the inputs, or a step, run or check that failed (named on stderr)
  2        a usage error (unknown option, missing or malformed argument)`;

/** Every command's help names `--json` and the exit codes. */
function addExitCodeHelp(command: Command): void {
  command.addHelpText('after', EXIT_CODE_HELP);
  for (const sub of command.commands) addExitCodeHelp(sub);
}
