#!/usr/bin/env python3
"""Run the conformance suite against a freshly started `basin up`.

Prints unittest's report, then a last line `conformance: N passed, N failed`, and writes the
counts to the file named by --counts (read by scripts/run-tests.sh for the overall summary).
"""
import argparse
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from basin_server import BasinServer  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts")
    parser.add_argument("pattern", nargs="?", default="test_*.py")
    args = parser.parse_args()

    server = BasinServer().start()
    os.environ["BASIN_ENDPOINT"] = server.endpoint
    os.environ["BASIN_DATA_DIR"] = server.data_dir
    try:
        suite = unittest.defaultTestLoader.discover(os.path.dirname(os.path.abspath(__file__)), pattern=args.pattern)
        result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    finally:
        server.cleanup()

    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    if args.counts:
        with open(args.counts, "w") as f:
            json.dump({"passed": passed, "failed": failed, "skipped": len(result.skipped)}, f)
    print(f"conformance: {passed} passed, {failed} failed, {len(result.skipped)} skipped")
    return 0 if failed == 0 and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
