-- The request log is written in chunks: one row per flush holding that flush's requests as a JSON
-- array of arrays. A row per request cost about 3 µs of SQLite work per proxied request (15 bound
-- values, B-tree and index inserts); a chunk costs one insert per flush and about 0.5 µs of JSON per
-- request. `request_log` stays as a read-only view with the old columns, for anyone querying the file.
CREATE TABLE request_log_chunks (
  -- The id of the chunk's last request (request ids grow, so chunks sort like their rows).
  last_id INTEGER PRIMARY KEY,
  -- The earliest and latest arrival time in the chunk (ISO 8601, UTC): retention and start-up replay.
  min_at TEXT NOT NULL,
  max_at TEXT NOT NULL,
  -- [[id, at, api, path, endpoint_id, endpoint_name, model, status, latency_ms, ttft_ms,
  --   prompt_tokens, completion_tokens, stream (0/1), error, request_id], ...] in id order.
  rows TEXT NOT NULL
);
-- Retention deletes by max_at and trims the few chunks that straddle the cutoff, found by min_at.
CREATE INDEX request_log_chunks_max_at ON request_log_chunks(max_at);
CREATE INDEX request_log_chunks_min_at ON request_log_chunks(min_at);

-- Existing rows move over, 500 to a chunk.
INSERT INTO request_log_chunks (last_id, min_at, max_at, rows)
SELECT MAX(id), MIN(at), MAX(at),
       json_group_array(json_array(id, at, api, path, endpoint_id, endpoint_name, model, status, latency_ms, ttft_ms,
                                   prompt_tokens, completion_tokens, stream, error, request_id) ORDER BY id)
FROM request_log
GROUP BY (id - 1) / 500;

-- Ids never go back: an empty chunk keeps the high-water mark of rows already pruned.
INSERT INTO request_log_chunks (last_id, min_at, max_at, rows)
SELECT seq, '', '', '[]' FROM sqlite_sequence
WHERE name = 'request_log' AND seq > (SELECT IFNULL(MAX(id), 0) FROM request_log);

DROP TABLE request_log;

CREATE VIEW request_log AS
SELECT r.value ->> 0 AS id, r.value ->> 1 AS at, r.value ->> 2 AS api, r.value ->> 3 AS path,
       r.value ->> 4 AS endpoint_id, r.value ->> 5 AS endpoint_name, r.value ->> 6 AS model,
       r.value ->> 7 AS status, r.value ->> 8 AS latency_ms, r.value ->> 9 AS ttft_ms,
       r.value ->> 10 AS prompt_tokens, r.value ->> 11 AS completion_tokens, r.value ->> 12 AS stream,
       r.value ->> 13 AS error, r.value ->> 14 AS request_id
FROM request_log_chunks AS c, json_each(c.rows) AS r;
