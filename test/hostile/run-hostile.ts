/**
 * Runs the hostile definition given as a JSON file (argv[2]) with the runner options the
 * suite uses, and prints the summary as JSON. Started by test/local-hostile.test.ts as root
 * and as an unprivileged user.
 */
import { readFileSync } from 'node:fs';
import { runPipeline } from '../../src/local/index.js';
import { FolderStore } from '../../src/store/index.js';

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as {
  definition: Parameters<typeof runPipeline>[0];
  storeDir: string;
  stateDir: string;
  inventoryUrl: string;
  token: string;
};
const summary = await runPipeline(job.definition, {
  store: new FolderStore(job.storeDir),
  stateDir: job.stateDir,
  sandbox: 'bwrap',
  parallel: 1,
  inventoryUrl: job.inventoryUrl,
  registrationEnv: { SAGEWIRE_INVENTORY_TOKEN: job.token },
  limits: { processes: 128, fileSizeBytes: 8 * 2 ** 20, tmpBytes: 4 * 2 ** 20, mlBytes: 16 * 2 ** 20 },
  keepWorkDirs: false,
});
process.stdout.write(JSON.stringify(summary));
