#!/usr/bin/env bash
# Benchmarks (never part of the test suite): Basin and moto_server side by side, one load client.
# Called by `./basin bench [--seconds N] [--out FILE]` after the Release build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet "$ROOT/bench/Basin.Bench/bin/Release/net10.0/Basin.Bench.dll" "$@"
