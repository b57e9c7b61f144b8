import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import * as path from 'node:path';

/** Environment variable naming the moto server command (default: `moto_server` on the PATH). */
export const motoServerVariable = 'GUARDS_MOTO_SERVER';

/** The emulator version the project's emulator tests and workarounds were written against. */
export const motoVersion = '5.2.1';

/**
 * Finds the moto server command: GUARDS_MOTO_SERVER, else `moto_server` on the PATH, else the
 * pyenv shim folder (machines of this kind install moto there, and a stripped PATH can miss it).
 */
export function findMotoServer(): string {
  const fromEnvironment = process.env[motoServerVariable];
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment)) throw new Error(`${motoServerVariable}=${fromEnvironment} does not exist`);
    return fromEnvironment;
  }
  const onPath = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const pyenvShim = path.join(homedir(), '.pyenv', 'shims', 'moto_server');
  if (existsSync(pyenvShim)) return pyenvShim;
  throw new Error(`moto_server not found: install it with pip install 'moto[server]==${motoVersion}', or set ${motoServerVariable} to its path`);
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A moto server of this test suite's own, on a free loopback port. Every test suite starts one,
 * resets it between tests and stops it at the end, so suites never see each other's resources.
 */
export class MotoServer {
  private constructor(
    readonly endpoint: string,
    private readonly process: ChildProcess,
    private readonly output: string[],
  ) {}

  static async start(startTimeoutMs = 60_000): Promise<MotoServer> {
    const command = findMotoServer();
    const port = await freeLoopbackPort();
    const output: string[] = [];
    // Its own process group, so that stopping it also stops what a pyenv shim started.
    const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const server = new MotoServer(`http://127.0.0.1:${port}`, child, output);
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}:\n${output.join('')}`);
      try {
        const response = await fetch(`${server.endpoint}/moto-api/`);
        if (response.ok) return server;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    server.stop();
    throw new Error(`moto_server did not answer on ${server.endpoint} within ${startTimeoutMs} ms:\n${output.join('')}`);
  }

  /** Forgets every resource of every account and region. */
  async reset(): Promise<void> {
    const response = await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`moto reset failed: ${response.status} ${await response.text()}`);
  }

  /** The last lines the server printed (for failure messages). */
  recentOutput(): string {
    return this.output.join('');
  }

  stop(): void {
    if (this.process.exitCode !== null || this.process.pid === undefined) return;
    try {
      process.kill(-this.process.pid, 'SIGTERM');
    } catch {
      this.process.kill('SIGTERM');
    }
  }

  /**
   * Environment for SDK v3 clients running in this process against the server: test
   * credentials, the endpoint for every service, and no shared config or metadata look-up.
   */
  clientEnvironment(region = 'us-east-1'): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: '',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }
}
