-- The request log is written once per proxied request, so each index costs every request a B-tree
-- insert. Nothing queries by endpoint (statistics are kept in memory), so that index goes.
DROP INDEX IF EXISTS request_log_endpoint;
