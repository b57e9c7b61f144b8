import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { SerialProxy } from './serial-proxy';

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

function stopProcessGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

/** What the server prints once it listens: werkzeug's "Running on http://127.0.0.1:<port>". */
const listeningLine = /Running on (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * A moto server of this test suite's own, on a loopback port the server binds itself, reached
 * through a proxy that passes one call at a time (see serial-proxy.ts). Every test suite starts
 * one, resets it between tests and stops it at the end, so suites never see each other's resources.
 */
export class MotoServer {
  private constructor(
    private readonly proxy: SerialProxy,
    private readonly process: ChildProcess,
    private readonly output: string[],
  ) {}

  /** Where clients send their calls: the server behind a proxy that passes one call at a time. */
  get endpoint(): string {
    return this.proxy.endpoint;
  }

  static async start(startTimeoutMs = 60_000): Promise<MotoServer> {
    const command = findMotoServer();
    const output: string[] = [];
    // Port 0: the server binds a free port itself and prints it. A port picked here and handed to
    // the server could be taken by another suite's server in the seconds Python takes to start;
    // the loser would exit and its suite would silently use (and reset) the winner's server.
    // Its own process group, so that stopping it also stops what a pyenv shim started.
    const child = spawn(command, ['-H', '127.0.0.1', '-p', '0'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + startTimeoutMs;
    const failure = (problem: string) => {
      stopProcessGroup(child);
      return new Error(`moto_server ${problem}:\n${output.join('')}`);
    };
    let endpoint: string | undefined;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw failure(`exited with ${child.exitCode}`);
      endpoint ??= listeningLine.exec(output.join(''))?.[1];
      if (endpoint) {
        try {
          const response = await fetch(`${endpoint}/moto-api/`);
          if (response.ok) return new MotoServer(await SerialProxy.start(endpoint), child, output);
        } catch {
          // Printed its address a moment before it accepts connections.
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw failure(`did not answer within ${startTimeoutMs} ms`);
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

  /**
   * What of the server's recent output points at a fault (for failure messages): server errors
   * (HTTP 5xx) and tracebacks, not the access log's answered calls (the 4xx of look-ups included).
   */
  recentFaults(): string {
    const answered = /" [1-4]\d\d -?\s*$/;
    return this.recentOutput()
      .split('\n')
      .filter(
        (line) =>
          line.trim() !== '' &&
          !answered.test(line) &&
          !line.startsWith(' * Running on') &&
          !line.startsWith('WARNING: This is a development server') &&
          !line.startsWith('Press CTRL+C'),
      )
      .join('\n');
  }

  stop(): void {
    this.proxy.stop();
    stopProcessGroup(this.process);
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
