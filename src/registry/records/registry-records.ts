/**
 * The registry features on top of the inventory's records: approval per version, aliases,
 * tags and the model card, search, and the append-only audit log that every change writes
 * to in the same transaction as the change itself. Throws domain errors only (NotFoundError,
 * InventoryError with an HTTP-free status hint).
 */
import type Database from 'better-sqlite3';
import { InventoryError, NotFoundError } from '../../errors.js';
import type { Alias, Approval, AuditAction, AuditEntry, ModelVersion, VersionMatch } from '../model/records.js';
import { LIMITS } from '../model/field-rules.js';
import { aliasProblem, type ApprovalStatus, type VersionPatch } from '../model/registry-rules.js';
import type { NormalizedRegistrationRequest } from '../model/request-schema.js';
import { rowToAudit, rowToVersion, type AuditRow, type VersionRow } from './rows.js';

/** Search answers at most this many versions, whatever `limit` asks. */
export const MAX_SEARCH_RESULTS = 1000;
/** An audit page holds at most this many entries. */
export const MAX_AUDIT_PAGE = 500;
/** A search takes at most this many tag conditions. */
export const MAX_SEARCH_TAGS = 10;

export interface SearchFilter {
  /** Every (key, value) must be a tag of the version. */
  tags?: Array<[string, string]>;
  status?: ApprovalStatus;
  /** Substring of the model id, domain, objective, owner or card (case-insensitive for ASCII). */
  q?: string;
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `after` for the next page; null on the last one. */
  next: number | null;
}

interface AuditInput {
  actor: string;
  action: AuditAction;
  modelId: string;
  version?: number | null;
  subject?: string | null;
  before?: unknown;
  after?: unknown;
}

type Sql = (text: string) => Database.Statement;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

export class RegistryRecords {
  constructor(
    private readonly db: Database.Database,
    private readonly sql: Sql,
  ) {}

  /** A version row as the API returns it, with its tags and the aliases pointing at it. */
  toVersion(row: VersionRow): ModelVersion {
    return rowToVersion(row, this.tagsOf(row.model_id, row.version), this.aliasesAt(row.model_id, row.version));
  }

  tagsOf(modelId: string, version: number): Record<string, string> {
    const rows = this.sql('SELECT key, value FROM version_tags WHERE model_id = ? AND version = ? ORDER BY key').all(modelId, version) as Array<{ key: string; value: string }>;
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  private aliasesAt(modelId: string, version: number): string[] {
    const rows = this.sql('SELECT alias FROM model_aliases WHERE model_id = ? AND version = ? ORDER BY alias').all(modelId, version) as Array<{ alias: string }>;
    return rows.map((r) => r.alias);
  }

  /** alias -> version, for one model. */
  aliasMap(modelId: string): Record<string, number> {
    const rows = this.sql('SELECT alias, version FROM model_aliases WHERE model_id = ? ORDER BY alias').all(modelId) as Array<{ alias: string; version: number }>;
    return Object.fromEntries(rows.map((r) => [r.alias, r.version]));
  }

  private versionRow(modelId: string, version: number): VersionRow {
    const row = this.sql('SELECT * FROM model_versions WHERE model_id = ? AND version = ?').get(modelId, version) as VersionRow | undefined;
    if (!row) {
      const model = this.sql('SELECT 1 FROM models WHERE id = ?').get(modelId);
      throw new NotFoundError(model ? `model "${modelId}" has no version ${version}` : `model "${modelId}" does not exist`);
    }
    return row;
  }

  private appendAudit(entry: AuditInput): void {
    this.sql(
      `INSERT INTO audit_log (at, actor, action, model_id, version, subject, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      new Date().toISOString(),
      entry.actor,
      entry.action,
      entry.modelId,
      entry.version ?? null,
      entry.subject ?? null,
      entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    );
  }

  /**
   * A version was just created (inside the registration's transaction): its tags and card
   * from the request, and the audit entry that says who registered it.
   */
  recordNewVersion(modelId: string, version: number, request: NormalizedRegistrationRequest, actor: string, registrationId: string, artifactSha256: string): void {
    for (const [key, value] of Object.entries(request.tags ?? {})) {
      this.sql('INSERT INTO version_tags (model_id, version, key, value) VALUES (?, ?, ?, ?)').run(modelId, version, key, value);
    }
    if (request.model_card !== undefined) this.sql('UPDATE model_versions SET model_card = ? WHERE model_id = ? AND version = ?').run(request.model_card, modelId, version);
    this.appendAudit({
      actor,
      action: 'registration',
      modelId,
      version,
      after: {
        registrationId,
        artifactSha256,
        approval: 'PendingManualApproval',
        tags: request.tags ?? {},
        modelCard: request.model_card ?? null,
        lineage: request.lineage ?? null,
      },
    });
  }

  /** Sets a version's approval; the same status and reason again changes nothing and logs nothing. */
  setApproval(modelId: string, version: number, status: ApprovalStatus, reason: string | undefined, actor: string): Approval {
    return this.db.transaction((): Approval => {
      const row = this.versionRow(modelId, version);
      const before = { status: row.approval_status, reason: row.approval_reason };
      const after = { status, reason: reason ?? null };
      if (before.status === after.status && before.reason === after.reason && row.approval_by !== null) {
        return { status: row.approval_status, reason: row.approval_reason, by: row.approval_by, at: row.approval_at };
      }
      const at = new Date().toISOString();
      this.sql('UPDATE model_versions SET approval_status = ?, approval_reason = ?, approval_by = ?, approval_at = ? WHERE model_id = ? AND version = ?')
        .run(status, after.reason, actor, at, modelId, version);
      this.appendAudit({ actor, action: 'approval', modelId, version, before, after });
      return { status, reason: after.reason, by: actor, at };
    })();
  }

  setAlias(modelId: string, alias: string, version: number, actor: string): Alias {
    checkAlias(alias);
    return this.db.transaction((): Alias => {
      const model = this.sql('SELECT 1 FROM models WHERE id = ?').get(modelId);
      if (!model) throw new NotFoundError(`model "${modelId}" does not exist`);
      const exists = this.sql('SELECT 1 FROM model_versions WHERE model_id = ? AND version = ?').get(modelId, version);
      if (!exists) throw new InventoryError(`alias "${alias}": model "${modelId}" has no version ${version}`, [{ path: 'version', message: `no version ${version}` }], { status: 422 });
      const prior = this.findAlias(modelId, alias);
      if (prior?.version === version) return prior;
      const at = new Date().toISOString();
      this.sql(
        `INSERT INTO model_aliases (model_id, alias, version, set_by, set_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version, set_by = excluded.set_by, set_at = excluded.set_at`,
      ).run(modelId, alias, version, actor, at);
      this.appendAudit({ actor, action: 'alias.set', modelId, version, subject: alias, before: prior ? { version: prior.version } : null, after: { version } });
      return { modelId, alias, version, setBy: actor, setAt: at };
    })();
  }

  private findAlias(modelId: string, alias: string): Alias | undefined {
    const row = this.sql('SELECT * FROM model_aliases WHERE model_id = ? AND alias = ?').get(modelId, alias) as
      | { model_id: string; alias: string; version: number; set_by: string; set_at: string }
      | undefined;
    return row && { modelId: row.model_id, alias: row.alias, version: row.version, setBy: row.set_by, setAt: row.set_at };
  }

  getAlias(modelId: string, alias: string): Alias {
    checkAlias(alias);
    const found = this.findAlias(modelId, alias);
    if (!found) throw new NotFoundError(`model "${modelId}" has no alias "${alias}"`);
    return found;
  }

  deleteAlias(modelId: string, alias: string, actor: string): Alias {
    checkAlias(alias);
    return this.db.transaction((): Alias => {
      const found = this.getAlias(modelId, alias);
      this.sql('DELETE FROM model_aliases WHERE model_id = ? AND alias = ?').run(modelId, alias);
      this.appendAudit({ actor, action: 'alias.delete', modelId, version: found.version, subject: alias, before: { version: found.version }, after: null });
      return found;
    })();
  }

  /** Merges tags (null removes one) and replaces the card (null removes it); logs what changed. */
  patchVersion(modelId: string, version: number, patch: VersionPatch, actor: string): void {
    this.db.transaction(() => {
      const row = this.versionRow(modelId, version);
      if (patch.tags) {
        const before = this.tagsOf(modelId, version);
        const after: Record<string, string> = { ...before };
        for (const [key, value] of Object.entries(patch.tags)) {
          if (value === null) delete after[key];
          else after[key] = value;
        }
        if (Object.keys(after).length > LIMITS.tags) {
          throw new InventoryError(`model "${modelId}" version ${version} would have ${Object.keys(after).length} tags; at most ${LIMITS.tags}`, [{ path: 'tags', message: 'too many tags' }], { status: 422 });
        }
        if (!sameTags(before, after)) {
          for (const [key, value] of Object.entries(patch.tags)) {
            if (value === null) this.sql('DELETE FROM version_tags WHERE model_id = ? AND version = ? AND key = ?').run(modelId, version, key);
            else {
              this.sql('INSERT INTO version_tags (model_id, version, key, value) VALUES (?, ?, ?, ?) ON CONFLICT (model_id, version, key) DO UPDATE SET value = excluded.value')
                .run(modelId, version, key, value);
            }
          }
          this.appendAudit({ actor, action: 'tags', modelId, version, before, after });
        }
      }
      if (patch.model_card !== undefined && patch.model_card !== row.model_card) {
        this.sql('UPDATE model_versions SET model_card = ? WHERE model_id = ? AND version = ?').run(patch.model_card, modelId, version);
        this.appendAudit({ actor, action: 'card', modelId, version, before: row.model_card, after: patch.model_card });
      }
    })();
  }

  /** Versions matching every condition given, by model id then newest version first. */
  search(filter: SearchFilter): VersionMatch[] {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [key, value] of filter.tags ?? []) {
      // drives from the (key, value) index
      where.push('(v.model_id, v.version) IN (SELECT model_id, version FROM version_tags WHERE key = ? AND value = ?)');
      params.push(key, value);
    }
    if (filter.status) {
      where.push('v.approval_status = ?');
      params.push(filter.status);
    }
    if (filter.q) {
      const fields = ['v.model_id', 'm.domain', 'm.objective', "json_extract(v.request_json, '$.model_owner')", 'v.model_card'];
      where.push(`(${fields.map((f) => `${f} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      params.push(...fields.map(() => likePattern(filter.q!)));
    }
    const limit = Math.min(filter.limit ?? 100, MAX_SEARCH_RESULTS);
    const rows = this.sql(
      `SELECT v.*, m.domain AS domain, m.objective AS objective FROM model_versions v JOIN models m ON m.id = v.model_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.domain, m.objective, v.version DESC LIMIT ?`,
    ).all(...params, limit) as Array<VersionRow & { domain: string; objective: string }>;
    return rows.map((row) => ({ ...this.toVersion(row), domain: row.domain, objective: row.objective }));
  }

  /** Oldest first, after `after` (a seq), optionally for one model. */
  listAudit(opts: { after?: number; limit?: number; modelId?: string } = {}): AuditPage {
    const limit = Math.min(opts.limit ?? 100, MAX_AUDIT_PAGE);
    const rows = this.sql('SELECT * FROM audit_log WHERE seq > ? AND (? IS NULL OR model_id = ?) ORDER BY seq LIMIT ?')
      .all(opts.after ?? 0, opts.modelId ?? null, opts.modelId ?? null, limit) as AuditRow[];
    const entries = rows.map(rowToAudit);
    return { entries, next: entries.length === limit ? entries[entries.length - 1]!.seq : null };
  }

  /** The newest entries, newest first (the page). */
  recentAudit(limit: number): AuditEntry[] {
    return (this.sql('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit) as AuditRow[]).map(rowToAudit);
  }
}

function checkAlias(alias: string): void {
  const problem = aliasProblem(alias);
  if (problem) throw new InventoryError(`alias "${alias}": ${problem}`, [{ path: 'alias', message: problem }], { status: 400 });
}
