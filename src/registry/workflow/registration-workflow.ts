/**
 * The registration workflow: PENDING -> VALIDATING -> REGISTERED | FAILED(reason), run
 * asynchronously in-process. Every step is safe to repeat (content-addressed copies, an
 * idempotent completion), so registrations a crash left PENDING or VALIDATING are simply run
 * again by {@link RegistrationWorkflow.recover}.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SagewireError } from '../../errors.js';
import { sha256File } from '../../fs/sha256-file.js';
import { FolderStore, type ObjectStore } from '../../store/index.js';
import type { NormalizedRegistrationRequest } from '../model/request-schema.js';
import type { RecordStore } from '../records/record-store.js';
import { checkModelPackage, readPayloadArchive } from './archive-checks.js';
import { artifactUriFor, type ArtifactStore } from './artifact-store.js';
import { redactPaths, type RedactRoots } from './redact-paths.js';
import { checkUploadDigest, stageArtifact } from './stage-artifact.js';
import { validatePayloadSamples } from './validate-payload.js';

/** Attempts for errors that are not a verdict on the request (network, disk). */
const TRANSIENT_ATTEMPTS = 3;

export interface WorkflowOptions {
  records: RecordStore;
  /** Where callers' artifacts are read from (their temporary uploads). */
  sourceStore: ObjectStore;
  artifactStore: ArtifactStore;
  /** Folder for staged downloads; emptied per registration. */
  workDir: string;
  /** Registrations validated at once (default 4). */
  concurrency?: number;
  /** Called when a registration reaches a terminal state (for logs; the reason unredacted). */
  onFinished?: (registrationId: string, status: 'REGISTERED' | 'FAILED', reason?: string) => void;
  /** Server folders to hide from the recorded reason (readers see it): root -> label. */
  redact?: RedactRoots;
}

/** A recorded reason is at most this long (the page shows them all). */
const MAX_REASON_CHARS = 4000;

export class RegistrationWorkflow {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly concurrency: number;

  constructor(private readonly opts: WorkflowOptions) {
    this.concurrency = opts.concurrency ?? 4;
  }

  /** Queues a registration (no-op if it is already queued or running). */
  enqueue(registrationId: string): void {
    if (this.closed || this.queued.has(registrationId)) return;
    this.queued.add(registrationId);
    this.queue.push(registrationId);
    this.pump();
  }

  /** Queues every registration left PENDING or VALIDATING; returns how many. */
  recover(): number {
    const ids = this.opts.records.listUnfinished();
    ids.forEach((id) => this.enqueue(id));
    return ids.length;
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking work and waits for what is running; queued work stays PENDING for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await this.idle();
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      this.running++;
      void this.process(id).finally(() => {
        this.running--;
        this.queued.delete(id);
        this.pump();
        if (this.running === 0 && this.queue.length === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          waiters.forEach((w) => w());
        }
      });
    }
  }

  private async process(id: string): Promise<void> {
    const { records } = this.opts;
    if (this.closed || !records.db.open) return;
    if (!records.startValidating(id)) return;
    await mkdir(this.opts.workDir, { recursive: true });
    for (let attempt = 1; ; attempt++) {
      const work = await mkdtemp(join(this.opts.workDir, 'reg-'));
      try {
        const registration = records.getRegistration(id);
        await this.validateAndCopy(registration.modelId, registration.request, work, id);
        this.opts.onFinished?.(id, 'REGISTERED');
        return;
      } catch (err) {
        if (!records.db.open) return;
        // A SagewireError is a verdict: a problem with the request, or an S3 error the AWS SDK
        // has already retried. Anything else (a full disk) may pass, so it is retried.
        const verdict = err instanceof SagewireError;
        if (!verdict && attempt < TRANSIENT_ATTEMPTS && !this.closed) {
          await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
          continue;
        }
        const reason = verdict ? err.describe() : `internal error after ${attempt} attempt(s): ${(err as Error)?.message ?? String(err)}`;
        records.markFailed(id, this.publicReason(reason));
        this.opts.onFinished?.(id, 'FAILED', reason);
        return;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }
  }

  private publicReason(reason: string): string {
    const roots: RedactRoots = { [this.opts.workDir]: '<work>', ...this.opts.redact };
    const text = redactPaths(reason, roots);
    return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}… (${text.length - MAX_REASON_CHARS} more characters in the server log)` : text;
  }

  private async validateAndCopy(modelId: string, request: NormalizedRegistrationRequest, work: string, id: string): Promise<number> {
    const { sourceStore, artifactStore, records } = this.opts;
    const program = request.source_model_environment_variable_map?.SAGEMAKER_PROGRAM ?? 'inference.py';
    // One read per artifact: staged by hard link where possible, validated and hashed in one
    // scan, kept by renaming the staged file into a folder artifact store.
    // An opaque artifact (a RegisterModel step's model data) is kept and hashed, never opened.
    const opaque = request.model_artifact_format === 'opaque';
    const staged = await stageArtifact(sourceStore, request.model_artifact_uri, work, 'model.tar.gz', 'model_artifact_uri', artifactStore);
    const model = { path: staged.path, sha256: opaque ? (await sha256File(staged.path)).sha256 : await checkModelPackage(staged.path, program) };
    checkUploadDigest(staged, model.sha256, 'model_artifact_uri', request.model_artifact_uri);
    let payload: { path: string; sha256: string } | undefined;
    if (request.payload_artifact_uri) {
      const stagedPayload = await stageArtifact(sourceStore, request.payload_artifact_uri, work, 'payload.tar.gz', 'payload_artifact_uri', artifactStore);
      const read = opaque ? { samples: undefined, sha256: (await sha256File(stagedPayload.path)).sha256 } : await readPayloadArchive(stagedPayload.path);
      checkUploadDigest(stagedPayload, read.sha256, 'payload_artifact_uri', request.payload_artifact_uri);
      payload = { path: stagedPayload.path, sha256: read.sha256 };
      if (read.samples) validatePayloadSamples(read.samples, request.source_model_inference_input_variable_list, request.source_model_inference_content_types);
    }
    const keep = async (uri: string, file: { path: string; sha256: string }): Promise<void> => {
      if (await artifactStore.store.head(uri)) return;
      if (artifactStore.store instanceof FolderStore && (await artifactStore.store.adoptFile(uri, file.path))) return;
      await artifactStore.store.putFile(uri, file.path, { sha256: file.sha256 });
    };
    const artifactUri = artifactUriFor(artifactStore, modelId, model.sha256, 'model.tar.gz');
    await keep(artifactUri, model);
    let payloadUri: string | null = null;
    if (payload) {
      payloadUri = artifactUriFor(artifactStore, modelId, payload.sha256, 'payload.tar.gz');
      await keep(payloadUri, payload);
    }
    if (!records.db.open) throw new Error('inventory closed');
    return records.completeRegistration(id, {
      artifactUri,
      artifactSha256: model.sha256,
      payloadUri,
      payloadSha256: payload?.sha256 ?? null,
    });
  }
}
