// Writes the Parquet files the crawler tests read (tests/Basin.Tests/Fixtures/parquet), with a
// real Parquet writer (DuckDB). To regenerate: copy this script into a scratch folder, run
// `npm install @duckdb/node-api@1.5.6-r.1` there, then `node make-parquet-fixtures.mjs <out-dir>`.
import { DuckDBInstance } from '@duckdb/node-api';

const out = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(`COPY (SELECT
    1::INTEGER AS id, 10000000000::BIGINT AS big, 'x'::VARCHAR AS name, 1.5::DOUBLE AS ratio, 2.5::FLOAT AS score,
    true AS active, DATE '2024-01-02' AS day, TIMESTAMP '2024-01-02 03:04:05' AS at, 12.34::DECIMAL(10,2) AS price,
    7::SMALLINT AS small, 3::TINYINT AS tiny, [1, 2]::INTEGER[] AS nums, ['a']::VARCHAR[] AS tags,
    {'city': 'Oslo', 'zip': 123} AS address, MAP {'k': 1} AS attrs, [{'sku': 'a', 'qty': 1}] AS lines,
    'blob'::BLOB AS raw
  FROM range(3)) TO '${out}/types.parquet' (FORMAT parquet, COMPRESSION snappy)`);
await c.run(`COPY (SELECT i AS id, 'n' || i AS name FROM range(1000) t(i)) TO '${out}/rows-zstd.parquet' (FORMAT parquet, COMPRESSION zstd)`);
console.log('written to', out);
