-- Bytes DuckDB's buffer manager holds now (tables, temp tables, caches), for a memory limit set
-- relative to it.
SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT AS used FROM duckdb_memory()
