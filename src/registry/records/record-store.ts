/**
 * The inventory's records in SQLite (better-sqlite3, WAL, synchronous=FULL so that every
 * accepted registration is on disk before the 202 goes out). Throws domain errors only:
 * NotFoundError, InventoryError (with the HTTP-free `status` hint 409 for conflicts).
 */
import Database from 'better-sqlite3';
import { InventoryError, IoError, NotFoundError } from '../../errors.js';
import { executionArnFor, modelIdFor, newRegistrationId } from '../model/ids.js';
import type { Model, ModelVersion, ModelWithVersions, Registration, RegistrationStatus } from '../model/records.js';
import type { NormalizedRegistrationRequest } from '../model/request-schema.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { migrateToRegistry } from './registry-schema.js';
import { RegistryRecords } from './registry-records.js';
import { SCHEMA_SQL } from './schema-sql.js';
import { rowToModel, rowToRegistration, type ModelRow, type RegistrationRow, type VersionRow } from './rows.js';

/** What the workflow found out about an artifact, to complete a registration. */
export interface CompletedArtifacts {
  artifactUri: string;
  artifactSha256: string;
  payloadUri: string | null;
  payloadSha256: string | null;
}

/** Fields that do not make two registrations different models (where the bytes came from, which run). */
const NOT_PART_OF_VERSION = ['model_artifact_uri', 'payload_artifact_uri', 'workflow_execution_id', 'lineage'] as const;

/** The result of recording a registration: `created: false` when an idempotency key matched. */
export interface CreatedRegistration {
  registration: Registration;
  created: boolean;
}

/** Another process has the database open exclusively (another inventory server). */
export class DatabaseBusyError extends InventoryError {
  constructor(readonly path: string) {
    super(`${path} is locked by another process`, [], { status: 423 });
  }
}

/** SQLite's answers about the machine, not the data: disk full, I/O error, read-only, cannot open. */
const MACHINE_CODES = /^SQLITE_(FULL|IOERR\w*|READONLY\w*|CANTOPEN\w*)$/;

/** An IoError naming the database file for a machine refusal, else undefined. */
function machineRefusal(err: unknown, path: string): IoError | undefined {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !MACHINE_CODES.test(code)) return undefined;
  return new IoError(`${path}: cannot open the inventory database (${code}: ${(err as Error).message})`, { cause: err });
}

export class RecordStore {
  readonly db: Database.Database;
  /** Approvals, aliases, tags, cards, search and the audit log. */
  readonly registry: RegistryRecords;

  /**
   * @param path a SQLite file, or `:memory:` for tests.
   * @param opts.exclusive hold SQLite's lock on the file for as long as the store is open (the
   *   server's one-writer rule: a second server on the same data dir is refused at once, and
   *   the lock goes with the process, even after kill -9). Throws a {@link DatabaseBusyError}
   *   when another process holds it.
   */
  constructor(path: string, opts: { exclusive?: boolean } = {}) {
    try {
      this.db = new Database(path);
    } catch (err) {
      throw machineRefusal(err, path) ?? err;
    }
    try {
      this.configure(opts);
    } catch (err) {
      if (this.db.open) this.db.close();
      throw machineRefusal(err, path) ?? err;
    }
    this.registry = new RegistryRecords(this.db, (text) => this.sql(text));
  }

  private configure(opts: { exclusive?: boolean }): void {
    const path = this.db.name;
    if (opts.exclusive) {
      try {
        this.db.pragma('busy_timeout = 0');
        this.db.pragma('locking_mode = EXCLUSIVE');
        this.db.pragma('journal_mode = WAL');
        this.db.exec('BEGIN EXCLUSIVE; COMMIT;');
      } catch (err) {
        this.db.close();
        if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseBusyError(path);
        throw err;
      }
    } else {
      this.db.pragma('journal_mode = WAL');
    }
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA_SQL);
    migrateToRegistry(this.db);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: preparing is most of the cost of a small insert. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Records a new PENDING registration, or returns the one already recorded under the same
   * idempotency key (`created: false`). The same key with a different request is a conflict.
   */
  createRegistration(request: NormalizedRegistrationRequest, idempotencyKey?: string): CreatedRegistration {
    const prepared = prepareRegistration(request, idempotencyKey);
    return this.db.transaction(() => this.insertRegistration(prepared))();
  }

  /**
   * Records many registrations in ONE transaction (one fsync): the service's group commit.
   * Each item runs in its own savepoint and gets its own result: an item that fails (a
   * conflict, anything else) is rolled back alone and does not affect the others.
   */
  createRegistrations(items: PreparedRegistration[]): Array<CreatedRegistration | Error> {
    const one = this.db.transaction((item: PreparedRegistration) => this.insertRegistration(item));
    return this.db.transaction(() =>
      items.map((item) => {
        try {
          return one(item);
        } catch (err) {
          return err instanceof Error ? err : new Error(String(err));
        }
      }),
    )();
  }

  private insertRegistration({ request, requestJson, requestSha, idempotencyKey, submittedBy }: PreparedRegistration): CreatedRegistration {
    if (idempotencyKey) {
      const prior = this.sql('SELECT * FROM registrations WHERE idempotency_key = ?').get(idempotencyKey) as RegistrationRow | undefined;
      if (prior) {
        if (prior.request_sha256 !== requestSha) {
          throw new InventoryError(
            `Idempotency-Key "${idempotencyKey}" was already used for a different request (registration ${prior.id})`,
            [],
            { status: 409 },
          );
        }
        return { registration: rowToRegistration(prior), created: false };
      }
    }
    const id = newRegistrationId();
    const now = new Date().toISOString();
    this.sql(
        `INSERT INTO registrations (id, execution_arn, model_id, status, idempotency_key, request_json, request_sha256, created_at, updated_at, submitted_by)
         VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        executionArnFor(request.model_registration_region, id),
        this.modelIdOf(request.model_domain, request.model_objective),
        idempotencyKey ?? null,
        requestJson,
        requestSha,
        now,
        now,
        submittedBy ?? null,
      );
    return { registration: this.getRegistration(id), created: true };
  }

  /**
   * The model id of a (domain, objective) pair: the one already given to it, else
   * {@link modelIdFor}'s, lengthened while another pair holds it, so two pairs never share one.
   */
  private modelIdOf(domain: string, objective: string): string {
    const known = this.sql('SELECT id FROM model_ids WHERE domain = ? AND objective = ?').get(domain, objective) as { id: string } | undefined;
    if (known) return known.id;
    for (let hexChars = 12; ; hexChars += 4) {
      const candidate = modelIdFor(domain, objective, hexChars);
      const taken = this.sql('SELECT 1 FROM model_ids WHERE id = ?').get(candidate);
      if (!taken) {
        this.sql('INSERT INTO model_ids (id, domain, objective) VALUES (?, ?, ?)').run(candidate, domain, objective);
        return candidate;
      }
      if (hexChars >= 64) throw new InventoryError(`no free model id for ${JSON.stringify([domain, objective])}`, [], { status: 500 });
    }
  }

  getRegistration(id: string): Registration {
    const row = this.sql('SELECT * FROM registrations WHERE id = ?').get(id) as RegistrationRow | undefined;
    if (!row) throw new NotFoundError(`registration "${id}" does not exist`);
    return rowToRegistration(row);
  }

  /** Newest first. */
  listRegistrations(opts: { status?: RegistrationStatus; limit?: number } = {}): Registration[] {
    const limit = opts.limit ?? 100;
    const rows = (
      opts.status
        ? this.sql('SELECT * FROM registrations WHERE status = ? ORDER BY created_at DESC, id LIMIT ?').all(opts.status, limit)
        : this.sql('SELECT * FROM registrations ORDER BY created_at DESC, id LIMIT ?').all(limit)
    ) as RegistrationRow[];
    return rows.map(rowToRegistration);
  }

  /** Registrations a crash may have interrupted, oldest first: the workflow resumes them. */
  listUnfinished(): string[] {
    const rows = this.sql("SELECT id FROM registrations WHERE status IN ('PENDING', 'VALIDATING') ORDER BY created_at, id")
      .all() as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  countByStatus(): Record<RegistrationStatus, number> {
    const counts: Record<RegistrationStatus, number> = { PENDING: 0, VALIDATING: 0, REGISTERED: 0, FAILED: 0 };
    const rows = this.sql('SELECT status, COUNT(*) AS n FROM registrations GROUP BY status').all() as Array<{ status: RegistrationStatus; n: number }>;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** PENDING -> VALIDATING. Returns false when the registration is already finished. */
  startValidating(id: string): boolean {
    const result = this.sql("UPDATE registrations SET status = 'VALIDATING', updated_at = ? WHERE id = ? AND status IN ('PENDING', 'VALIDATING')")
      .run(new Date().toISOString(), id);
    return result.changes === 1;
  }

  markFailed(id: string, reason: string): void {
    this.sql("UPDATE registrations SET status = 'FAILED', reason = ?, updated_at = ? WHERE id = ? AND status IN ('PENDING', 'VALIDATING')")
      .run(reason, new Date().toISOString(), id);
  }

  /**
   * VALIDATING -> REGISTERED, in one transaction: creates the model on first use, and the
   * version unless one with the same artifact digests and request already exists (then the
   * registration points at that version). Returns the version number.
   */
  completeRegistration(id: string, artifacts: CompletedArtifacts): number {
    return this.db.transaction(() => {
      const registration = this.getRegistration(id);
      if (registration.status === 'REGISTERED' && registration.modelVersion !== null) return registration.modelVersion;
      if (registration.status !== 'VALIDATING') {
        throw new InventoryError(`registration ${id} is ${registration.status}, not VALIDATING`, [], { status: 409 });
      }
      const request = registration.request;
      const versionKey = versionKeyOf(request, artifacts);
      const now = new Date().toISOString();
      this.sql('INSERT OR IGNORE INTO models (id, domain, objective, created_at) VALUES (?, ?, ?, ?)')
        .run(registration.modelId, request.model_domain, request.model_objective, now);
      const existing = this.sql('SELECT version FROM model_versions WHERE model_id = ? AND version_key = ?')
        .get(registration.modelId, versionKey) as { version: number } | undefined;
      let version = existing?.version;
      if (version === undefined) {
        const max = this.sql('SELECT MAX(version) AS v FROM model_versions WHERE model_id = ?').get(registration.modelId) as { v: number | null };
        version = (max.v ?? 0) + 1;
        this.sql(
            `INSERT INTO model_versions (model_id, version, version_key, artifact_uri, artifact_sha256, payload_uri, payload_sha256, registration_id, request_json, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(registration.modelId, version, versionKey, artifacts.artifactUri, artifacts.artifactSha256, artifacts.payloadUri, artifacts.payloadSha256, id, canonicalJson(request), now);
        const submittedBy = (this.sql('SELECT submitted_by FROM registrations WHERE id = ?').get(id) as { submitted_by: string | null }).submitted_by;
        this.registry.recordNewVersion(registration.modelId, version, request, submittedBy ?? 'anonymous', id, artifacts.artifactSha256);
      }
      this.sql("UPDATE registrations SET status = 'REGISTERED', model_version = ?, reason = NULL, updated_at = ? WHERE id = ?")
        .run(version, now, id);
      return version;
    })();
  }

  listModels(filter: { domain?: string; objective?: string } = {}): Model[] {
    const rows = this.sql(
        `SELECT m.*, (SELECT MAX(version) FROM model_versions v WHERE v.model_id = m.id) AS latest_version
         FROM models m WHERE (@domain IS NULL OR m.domain = @domain) AND (@objective IS NULL OR m.objective = @objective)
         ORDER BY m.domain, m.objective`,
      )
      .all({ domain: filter.domain ?? null, objective: filter.objective ?? null }) as ModelRow[];
    return rows.map(rowToModel);
  }

  getModel(modelId: string): ModelWithVersions {
    const row = this.sql('SELECT m.*, (SELECT MAX(version) FROM model_versions v WHERE v.model_id = m.id) AS latest_version FROM models m WHERE id = ?')
      .get(modelId) as ModelRow | undefined;
    if (!row) throw new NotFoundError(`model "${modelId}" does not exist`);
    const versions = this.sql('SELECT * FROM model_versions WHERE model_id = ? ORDER BY version').all(modelId) as VersionRow[];
    return { ...rowToModel(row), versions: versions.map((v) => this.registry.toVersion(v)), aliases: this.registry.aliasMap(modelId) };
  }

  getVersion(modelId: string, version: number): ModelVersion {
    const row = this.sql('SELECT * FROM model_versions WHERE model_id = ? AND version = ?').get(modelId, version) as VersionRow | undefined;
    if (!row) throw new NotFoundError(`model "${modelId}" has no version ${version}`);
    return this.registry.toVersion(row);
  }
}

/** A registration ready for the group commit: its canonical form computed outside the transaction. */
export interface PreparedRegistration {
  request: NormalizedRegistrationRequest;
  requestJson: string;
  requestSha: string;
  idempotencyKey?: string;
  /** The caller's identity, for the audit entry of the version it creates. */
  submittedBy?: string;
}

export function prepareRegistration(request: NormalizedRegistrationRequest, idempotencyKey?: string, submittedBy?: string): PreparedRegistration {
  const requestJson = canonicalJson(request);
  return {
    request,
    requestJson,
    requestSha: sha256Hex(requestJson),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(submittedBy ? { submittedBy } : {}),
  };
}

function versionKeyOf(request: NormalizedRegistrationRequest, artifacts: CompletedArtifacts): string {
  const rest: Record<string, unknown> = { ...request };
  for (const key of NOT_PART_OF_VERSION) delete rest[key];
  return sha256Hex(canonicalJson({ request: rest, artifact: artifacts.artifactSha256, payload: artifacts.payloadSha256 }));
}

/** Opens (and creates if needed) the record store. */
export function openRecordStore(path: string): RecordStore {
  return new RecordStore(path);
}
