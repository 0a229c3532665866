/** The inventory's SQLite schema (version 1). */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS registrations (
  id TEXT PRIMARY KEY,
  execution_arn TEXT NOT NULL,
  model_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'VALIDATING', 'REGISTERED', 'FAILED')),
  reason TEXT,
  model_version INTEGER,
  idempotency_key TEXT UNIQUE,
  request_json TEXT NOT NULL,
  request_sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS registrations_status ON registrations (status);
CREATE INDEX IF NOT EXISTS registrations_created ON registrations (created_at);
CREATE TABLE IF NOT EXISTS models (
  id TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  objective TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS model_versions (
  model_id TEXT NOT NULL REFERENCES models (id),
  version INTEGER NOT NULL,
  version_key TEXT NOT NULL,
  artifact_uri TEXT NOT NULL,
  artifact_sha256 TEXT NOT NULL,
  payload_uri TEXT,
  payload_sha256 TEXT,
  registration_id TEXT NOT NULL,
  request_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (model_id, version),
  UNIQUE (model_id, version_key)
);
-- one id per (domain, objective) and one (domain, objective) per id: ids cannot collide
CREATE TABLE IF NOT EXISTS model_ids (
  id TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  objective TEXT NOT NULL,
  UNIQUE (domain, objective)
);
INSERT OR IGNORE INTO model_ids (id, domain, objective)
  SELECT DISTINCT model_id, json_extract(request_json, '$.model_domain'), json_extract(request_json, '$.model_objective')
  FROM registrations WHERE NOT EXISTS (SELECT 1 FROM model_ids LIMIT 1);
PRAGMA user_version = 2;
`;
