import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { awsProviderVersion, providerProcessEnvironment } from './terraform-environment';

/**
 * A provider in debug mode logs at trace level unless told otherwise: every schema look-up and
 * every call, thousands of lines per command, which cost more CPU than the shared process saves.
 * Terraform gives a provider it starts itself no log level, which is the same as these.
 */
const quietProviderLogs = {
  TF_LOG_PROVIDER: 'OFF',
  TF_LOG_SDK: 'OFF',
  TF_LOG_SDK_PROTO: 'OFF',
  TF_LOG_SDK_FRAMEWORK: 'OFF',
  TF_LOG_SDK_HELPER_SCHEMA: 'OFF',
  TF_LOG_SDK_MUX: 'OFF',
} as const;

/** What the provider prints once it listens in debug mode. */
const reattachLine = /TF_REATTACH_PROVIDERS='([^']+)'/;

/**
 * One AWS provider process for every terraform command of one working folder (Terraform's
 * TF_REATTACH_PROVIDERS, the provider started with -debug). Terraform otherwise starts the provider
 * anew for each step of each command, about ten times in an apply, re-plan and destroy, and each
 * start redoes the provider's set-up: measured on a two-resource configuration, 33.6 CPU-seconds
 * for apply, re-plan and destroy, 26.4 with one shared process; the emulator suites are bound by
 * CPU. Terraform, the provider binary `init` installed from the mirror and every call to the
 * emulator are the same; only the process is reused. One per working folder: a process holds one
 * provider configuration at a time, and the stacks of an example run side by side.
 */
export class SharedProvider {
  private constructor(
    private readonly process: ChildProcess,
    readonly environment: { readonly TF_REATTACH_PROVIDERS: string },
  ) {}

  /** Starts the provider `terraform init` installed in `workingDirectory`. */
  static async start(workingDirectory: string, startTimeoutMs = 120_000): Promise<SharedProvider> {
    const installed = path.join(workingDirectory, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', awsProviderVersion);
    const [platform] = readdirSync(installed);
    const binary = readdirSync(path.join(installed, platform)).find((file) => file.startsWith('terraform-provider-aws'));
    if (!binary) throw new Error(`no terraform-provider-aws binary in ${path.join(installed, platform)}: run terraform init first`);
    // The provider reconfigured in one process fails on a custom CA bundle ("unable to add custom
    // RootCAs HTTPClient"); the emulator is plain http on this machine, where no CA is used.
    const { AWS_CA_BUNDLE: _caBundle, ...environment } = providerProcessEnvironment();
    const child = spawn(path.join(installed, platform, binary), ['-debug'], {
      cwd: workingDirectory,
      env: { ...environment, ...quietProviderLogs },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        reject(new Error(`the AWS provider did not start in debug mode within ${startTimeoutMs} ms:\n${output.join('')}`));
      }, startTimeoutMs);
      const read = (chunk: Buffer) => {
        output.push(chunk.toString());
        const reattach = reattachLine.exec(output.join(''))?.[1];
        if (!reattach) return;
        clearTimeout(timer);
        // Keep reading (and dropping) what it logs, so that it never blocks on a full pipe.
        output.length = 0;
        child.stdout?.removeListener('data', read);
        child.stderr?.removeListener('data', read);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(new SharedProvider(child, { TF_REATTACH_PROVIDERS: reattach }));
      };
      child.stdout?.on('data', read);
      child.stderr?.on('data', read);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the AWS provider exited with ${code} before it listened:\n${output.join('')}`));
      });
    });
  }

  stop(): void {
    if (this.process.exitCode === null) this.process.kill('SIGTERM');
  }
}
