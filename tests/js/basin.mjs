// Starts a real `basin up` child process for the JS conformance tests.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dll = process.env.BASIN_DLL ?? join(root, "src/Basin.Cli/bin/Release/net10.0/basin.dll");

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startBasin() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "basin-js-"));
  const child = spawn("dotnet", [dll, "up", "--port", String(port), "--data-dir", dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise((resolve) => lines.once("line", resolve));
  if (!ready.includes("Basin ready on")) throw new Error(`basin did not start: ${ready}`);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const credentials = { accessKeyId: "test", secretAccessKey: "test" };
