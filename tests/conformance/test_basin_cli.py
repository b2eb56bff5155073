"""The `basin up` contract: configuration, persistence across restarts, one process per data dir, clean stop."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import unittest
import urllib.request

from basin_server import DEFAULT_DLL, BasinServer, free_port
from clients import client


class BasinUpTests(unittest.TestCase):
    def test_configuration_from_environment_variables(self):
        port, data_dir = free_port(), tempfile.mkdtemp(prefix="basin-env-")
        env = dict(os.environ, BASIN_PORT=str(port), BASIN_DATA_DIR=data_dir, BASIN_REGION="eu-west-1")
        process = subprocess.Popen(["dotnet", os.environ.get("BASIN_DLL", str(DEFAULT_DLL)), "up"], env=env, stdout=subprocess.PIPE, text=True)
        try:
            ready = process.stdout.readline()
            self.assertIn(f"http://127.0.0.1:{port}", ready)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_basin/health") as r:
                health = json.loads(r.read())
            self.assertEqual(health["region"], "eu-west-1")
            self.assertEqual(health["services"]["s3"], "running")
            self.assertTrue(os.path.exists(os.path.join(data_dir, "s3", "index.db")))
        finally:
            process.send_signal(signal.SIGTERM)
            self.assertEqual(process.wait(timeout=15), 0)
            self.assertIn("Basin stopped.", process.stdout.read())
            process.stdout.close()
            shutil.rmtree(data_dir, ignore_errors=True)

    def test_state_survives_a_restart_and_the_data_dir_is_exclusive(self):
        server = BasinServer().start()
        try:
            s3 = client("s3", url=server.endpoint)
            s3.create_bucket(Bucket="persist")
            s3.put_object(Bucket="persist", Key="a/b.txt", Body=b"kept")
            second = BasinServer(data_dir=server.data_dir)
            with self.assertRaises(RuntimeError) as raised:
                second.start()
            self.assertIn("Another Basin", str(raised.exception))
            second.stop()
            server.restart()
            s3 = client("s3", url=server.endpoint)
            self.assertEqual(s3.get_object(Bucket="persist", Key="a/b.txt")["Body"].read(), b"kept")
            self.assertEqual([b["Name"] for b in s3.list_buckets()["Buckets"]], ["persist"])
        finally:
            server.cleanup()

    def test_bad_options_are_refused(self):
        result = subprocess.run(["dotnet", os.environ.get("BASIN_DLL", str(DEFAULT_DLL)), "up", "--auth", "maybe"], capture_output=True, text=True)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("maybe", result.stderr + result.stdout)


if __name__ == "__main__":
    unittest.main()


class PortTests(unittest.TestCase):
    def test_a_port_in_use_is_refused_not_shared(self):
        first = BasinServer().start()
        second = BasinServer()
        second.port, second.endpoint = first.port, first.endpoint
        try:
            with self.assertRaises(RuntimeError) as raised:
                second.start()
            self.assertIn("Cannot listen on", str(raised.exception))
            self.assertEqual(second.process.returncode, 2)
        finally:
            second.cleanup()
            first.cleanup()
