-- Initial schema: endpoints, their models and health checks, keys, settings, downloads, request log, discovery, aliases.

CREATE TABLE endpoints (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  base_url TEXT NOT NULL UNIQUE,
  endpoint_type TEXT NOT NULL DEFAULT 'unknown',
  endpoint_type_source TEXT NOT NULL DEFAULT 'detected',
  status TEXT NOT NULL DEFAULT 'pending',
  api_key_enc TEXT,
  health_check_interval_secs INTEGER NOT NULL DEFAULT 30,
  inference_timeout_secs INTEGER NOT NULL DEFAULT 120,
  max_concurrency INTEGER,
  learned_concurrency INTEGER,
  latency_ms REAL,
  last_seen TEXT,
  last_error TEXT,
  error_count INTEGER NOT NULL DEFAULT 0,
  registered_at TEXT NOT NULL,
  notes TEXT,
  source TEXT NOT NULL DEFAULT 'manual',
  version TEXT,
  last_synced_at TEXT
);

CREATE TABLE endpoint_models (
  endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL,
  capabilities TEXT NOT NULL DEFAULT '[]',
  max_tokens INTEGER,
  context_length INTEGER,
  metadata_source TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  last_checked TEXT,
  PRIMARY KEY (endpoint_id, model_id)
);
CREATE INDEX endpoint_models_model ON endpoint_models(model_id);

CREATE TABLE endpoint_health_checks (
  id INTEGER PRIMARY KEY,
  endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
  checked_at TEXT NOT NULL,
  success INTEGER NOT NULL,
  latency_ms REAL,
  status_after TEXT NOT NULL,
  error TEXT
);
CREATE INDEX endpoint_health_checks_by_time ON endpoint_health_checks(endpoint_id, checked_at);
CREATE INDEX endpoint_health_checks_age ON endpoint_health_checks(checked_at);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'viewer', 'inference')),
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE download_tasks (
  task_id TEXT PRIMARY KEY,
  endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  filename TEXT,
  status TEXT NOT NULL,
  progress REAL NOT NULL DEFAULT 0,
  speed_mbps REAL,
  eta_seconds REAL,
  error TEXT,
  node_task_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX download_tasks_endpoint ON download_tasks(endpoint_id, created_at);

CREATE TABLE request_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  api TEXT NOT NULL,
  path TEXT NOT NULL,
  endpoint_id TEXT,
  endpoint_name TEXT,
  model TEXT,
  status INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  ttft_ms REAL,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  stream INTEGER NOT NULL DEFAULT 0,
  error TEXT
);
CREATE INDEX request_log_at ON request_log(at);
CREATE INDEX request_log_endpoint ON request_log(endpoint_id, at);

CREATE TABLE discovery_ignored (
  base_url TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);

CREATE TABLE aliases (
  alias TEXT PRIMARY KEY,
  allow_shadow INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE alias_targets (
  id INTEGER PRIMARY KEY,
  alias TEXT NOT NULL REFERENCES aliases(alias) ON DELETE CASCADE,
  endpoint_id TEXT REFERENCES endpoints(id) ON DELETE CASCADE,
  model TEXT NOT NULL
);
CREATE UNIQUE INDEX alias_targets_unique ON alias_targets(alias, ifnull(endpoint_id, ''), model);
