"""Start and stop a real `basin up` child process for conformance tests."""
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_DLL = ROOT / "src" / "Basin.Cli" / "bin" / "Release" / "net10.0" / "basin.dll"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BasinServer:
    """One Basin process with its own data directory (kept across restart())."""

    def __init__(self, *extra_args, data_dir=None):
        self.extra_args = list(extra_args)
        self.port = free_port()
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="basin-conf-")
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.ready_line = None

    def start(self, timeout=30):
        dll = os.environ.get("BASIN_DLL", str(DEFAULT_DLL))
        self.process = subprocess.Popen(
            ["dotnet", dll, "up", "--port", str(self.port), "--data-dir", self.data_dir, *self.extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.ready_line = self.process.stdout.readline().strip()
        if "Basin ready on" not in self.ready_line:
            rest = self.process.stdout.read()
            self.process.wait()
            raise RuntimeError(f"basin did not start: {self.ready_line} {rest}")
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.endpoint + "/_basin/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("basin health never answered")

    def health(self):
        with urllib.request.urlopen(self.endpoint + "/_basin/health", timeout=5) as r:
            return json.loads(r.read())

    def kill(self):
        """SIGKILL: no chance to flush anything."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stdout:
            self.process.stdout.close()

    def restart(self):
        self.stop()
        return self.start()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


# Two accounts and a user in the owner's account, for access-control tests under --auth sigv4.
OWNER, OTHER = "000000000000", "111111111111"
TWO_ACCOUNT_KEYS = [
    {"accessKeyId": "test", "secretAccessKey": "test", "accountId": OWNER, "userName": "root"},
    {"accessKeyId": "analyst", "secretAccessKey": "analyst-secret", "accountId": OWNER, "userName": "analyst"},
    {"accessKeyId": "other", "secretAccessKey": "other-secret", "accountId": OTHER, "userName": "root"},
]


def sigv4_server(keys=TWO_ACCOUNT_KEYS, prefix="basin-sigv4-"):
    """A started server that enforces signatures, knowing exactly `keys` (its credentials file)."""
    data_dir = tempfile.mkdtemp(prefix=prefix)
    os.makedirs(os.path.join(data_dir, "config"))
    with open(os.path.join(data_dir, "config", "credentials.json"), "w") as f:
        json.dump(keys, f)
    return BasinServer("--auth", "sigv4", data_dir=data_dir).start()
