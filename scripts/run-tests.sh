#!/usr/bin/env bash
# Every test Basin has, in two levels, then one summary line:
#   1. xunit (tests/Basin.Tests): engines, codecs, in-process server tests with the AWS SDK
#      for .NET, and crash tests that SIGKILL a child `basin up`.
#   2. conformance (tests/conformance): boto3 and the AWS CLI against a started `basin up`.
#   3. js (tests/js): the AWS SDK for JavaScript v3 (installed from npm on first run, then cached),
#      a stricter wire check: HTTP/2 for Kinesis, default flexible checksums and aws-chunked for S3.
# Called by `./basin test` after the Release build. Exits non-zero if anything failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$(mktemp -d)"
trap 'rm -rf "$RESULTS"' EXIT

dotnet test "$ROOT/tests/Basin.Tests/Basin.Tests.csproj" -c Release --no-build --nologo \
  --logger "trx;LogFileName=$RESULTS/xunit.trx" --logger "console;verbosity=minimal"
xunit_rc=$?

python3 "$ROOT/tests/conformance/run.py" --counts "$RESULTS/conformance.json"
conformance_rc=$?

js_rc=0
if (cd "$ROOT/tests/js" && npm install --no-audit --no-fund --silent >/dev/null 2>&1); then
  (cd "$ROOT/tests/js" && NODE_NO_WARNINGS=1 node --test --test-reporter=tap) | tee "$RESULTS/js.tap" | grep -E "^(not )?ok |^# (pass|fail)"
  js_rc=${PIPESTATUS[0]}
else
  echo "js: npm install failed" >&2
  js_rc=1
fi

python3 - "$RESULTS" "$xunit_rc" "$conformance_rc" "$js_rc" <<'PY'
import json, os, re, sys, xml.etree.ElementTree as ET
results, xunit_rc, conformance_rc, js_rc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
passed = failed = skipped = 0
trx = os.path.join(results, "xunit.trx")
if os.path.exists(trx):
    counters = ET.parse(trx).getroot().find(".//{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
elif xunit_rc != 0:
    failed += 1  # the test host died before writing results
conformance = os.path.join(results, "conformance.json")
if os.path.exists(conformance):
    c = json.load(open(conformance))
    passed, failed, skipped = passed + c["passed"], failed + c["failed"], skipped + c["skipped"]
elif conformance_rc != 0:
    failed += 1
tap = os.path.join(results, "js.tap")
text = open(tap).read() if os.path.exists(tap) else ""
js = {k: int(v) for k, v in re.findall(r"^# (pass|fail) (\d+)$", text, re.M)}
passed, failed = passed + js.get("pass", 0), failed + js.get("fail", 0)
if js_rc != 0 and js.get("fail", 0) == 0:
    failed += 1
if failed == 0 and (xunit_rc != 0 or conformance_rc != 0):
    failed = 1  # a runner failed without a failing test (crash, no tests found)
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
PY
