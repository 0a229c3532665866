/**
 * Schema version 3: the registry features. Approval state and the model card are columns of
 * `model_versions`, tags and aliases their own tables, and `audit_log` is append-only (SQLite
 * triggers refuse every UPDATE and DELETE of its rows). `migrateToRegistry` brings a data dir
 * of any earlier version up to it, in one transaction; a fresh one goes the same way.
 */
import type Database from 'better-sqlite3';
import { DEFAULT_APPROVAL } from '../model/registry-rules.js';

export const SCHEMA_VERSION = 3;

/** Columns added to existing tables (ALTER TABLE has no IF NOT EXISTS: added only when missing). */
const ADDED_COLUMNS: Array<[table: string, column: string, definition: string]> = [
  ['model_versions', 'approval_status', `TEXT NOT NULL DEFAULT '${DEFAULT_APPROVAL}' CHECK (approval_status IN ('Approved', 'Rejected', 'PendingManualApproval'))`],
  ['model_versions', 'approval_reason', 'TEXT'],
  ['model_versions', 'approval_by', 'TEXT'],
  ['model_versions', 'approval_at', 'TEXT'],
  ['model_versions', 'model_card', 'TEXT'],
  ['registrations', 'submitted_by', 'TEXT'],
];

const REGISTRY_SQL = `
CREATE INDEX IF NOT EXISTS model_versions_approval ON model_versions (approval_status);
CREATE TABLE IF NOT EXISTS version_tags (
  model_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (model_id, version, key),
  FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);
CREATE INDEX IF NOT EXISTS version_tags_key_value ON version_tags (key, value);
CREATE TABLE IF NOT EXISTS model_aliases (
  model_id TEXT NOT NULL,
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL,
  PRIMARY KEY (model_id, alias),
  FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);
CREATE TABLE IF NOT EXISTS audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('registration', 'approval', 'alias.set', 'alias.delete', 'tags', 'card')),
  model_id TEXT NOT NULL,
  version INTEGER,
  subject TEXT,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_model ON audit_log (model_id, seq);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be updated'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted'); END;
-- INSERT OR REPLACE deletes the old row without firing DELETE triggers: refuse a taken seq first
CREATE TRIGGER IF NOT EXISTS audit_log_no_replace BEFORE INSERT ON audit_log
  WHEN NEW.seq IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: a row cannot be replaced'); END;
PRAGMA user_version = ${SCHEMA_VERSION};
`;

export function migrateToRegistry(db: Database.Database): void {
  db.transaction(() => {
    for (const [table, column, definition] of ADDED_COLUMNS) {
      const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
      if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    }
    db.exec(REGISTRY_SQL);
  })();
}
