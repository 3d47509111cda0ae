-- The request log is written in chunks: one row per flush holding that flush's requests as JSON.
-- A row per request cost about 3 µs of SQLite work per proxied request (15 bound values, B-tree and
-- index inserts); a chunk costs one insert per flush and well under 1 µs per request. The routes
-- (api, path, endpoint, model) repeat across a chunk's requests, so each is stored once.
-- `request_log` stays as a read-only view with the old columns, for anyone querying the file.
CREATE TABLE request_log_chunks (
  -- The id of the chunk's last request (request ids grow, so chunks sort like their rows).
  last_id INTEGER PRIMARY KEY,
  -- The earliest and latest arrival time in the chunk (ISO 8601, UTC): retention and start-up replay.
  min_at TEXT NOT NULL,
  max_at TEXT NOT NULL,
  -- {"k": [[api, path, endpoint_id, endpoint_name, model], ...],
  --  "r": [[id, at (epoch ms), k index, status, latency_ms, ttft_ms, prompt_tokens,
  --         completion_tokens, stream (0/1), error, request_id], ...]}, requests in id order.
  rows TEXT NOT NULL
);
-- Retention deletes by max_at and trims the few chunks that straddle the cutoff, found by min_at.
CREATE INDEX request_log_chunks_max_at ON request_log_chunks(max_at);
CREATE INDEX request_log_chunks_min_at ON request_log_chunks(min_at);

-- Existing rows move over, 500 to a chunk (each with its own route entry).
INSERT INTO request_log_chunks (last_id, min_at, max_at, rows)
SELECT MAX(id), MIN(at), MAX(at),
       json_object(
         'k', json_group_array(json_array(api, path, endpoint_id, endpoint_name, model) ORDER BY id),
         'r', json_group_array(json_array(id, CAST(round(unixepoch(at, 'subsec') * 1000) AS INTEGER), pos, status, latency_ms,
                                          ttft_ms, prompt_tokens, completion_tokens, stream, error, request_id) ORDER BY id))
FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY (id - 1) / 500 ORDER BY id) - 1 AS pos FROM request_log)
GROUP BY (id - 1) / 500;

-- Ids never go back: an empty chunk keeps the high-water mark of rows already pruned.
INSERT INTO request_log_chunks (last_id, min_at, max_at, rows)
SELECT seq, '', '', '{"k":[],"r":[]}' FROM sqlite_sequence
WHERE name = 'request_log' AND seq > (SELECT IFNULL(MAX(id), 0) FROM request_log);

DROP TABLE request_log;

CREATE VIEW request_log AS
SELECT r.value ->> 0 AS id,
       strftime('%Y-%m-%dT%H:%M:%fZ', (r.value ->> 1) / 1000.0, 'unixepoch') AS at,
       k.value ->> 0 AS api, k.value ->> 1 AS path, k.value ->> 2 AS endpoint_id, k.value ->> 3 AS endpoint_name,
       k.value ->> 4 AS model, r.value ->> 3 AS status, r.value ->> 4 AS latency_ms, r.value ->> 5 AS ttft_ms,
       r.value ->> 6 AS prompt_tokens, r.value ->> 7 AS completion_tokens, r.value ->> 8 AS stream,
       r.value ->> 9 AS error, r.value ->> 10 AS request_id
FROM request_log_chunks AS c, json_each(c.rows, '$.r') AS r, json_each(c.rows, '$.k') AS k
WHERE k.key = r.value ->> 2;
