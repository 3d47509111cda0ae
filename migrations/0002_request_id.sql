-- The x-request-id of each proxied request, so a request log row can be matched with log lines.
ALTER TABLE request_log ADD COLUMN request_id TEXT;
