#!/usr/bin/env bash
# Puts DuckDB's native library at .cache/duckdb/<version>/libduckdb.so, once.
# NuGet has no DuckDB package here; the npm package of DuckDB's Node bindings ships the same
# libduckdb.so (C API exported, parquet/json/icu built in), so `npm pack` fetches it.
# Idempotent and cached: a second run only checks the file exists. Prints the library's path.
set -euo pipefail
VERSION="1.5.6"
PACKAGE="@duckdb/node-bindings-linux-x64@${VERSION}-r.1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.cache/duckdb/$VERSION"
LIB="$DEST/libduckdb.so"

if [[ ! -s "$LIB" ]]; then
  mkdir -p "$DEST"
  WORK="$(mktemp -d "$DEST/fetch.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
  (cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf ./*.tgz package/libduckdb.so)
  # Rename into place so a concurrent or interrupted fetch never leaves a partial library.
  mv "$WORK/package/libduckdb.so" "$LIB.tmp.$$"
  mv "$LIB.tmp.$$" "$LIB"
fi
echo "$LIB"
