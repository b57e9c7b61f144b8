import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AppliedGap, TerraformJsonDocument, forLocalEndpoint } from '../../modules/stacks/emulator-gaps';

export interface EmulatorStackCopy {
  readonly directory: string;
  /** The emulator workarounds applied to this copy (modules/stacks/emulator-gaps.ts). */
  readonly applied: readonly AppliedGap[];
}

/**
 * Copies a synthesized stack for a local emulator: its AWS provider pointed at `endpoint` for
 * every service (modules/stacks/local-endpoint.ts, keeping assume_role and allowed_account_ids),
 * the emulator workarounds of modules/stacks/emulator-gaps.ts, and a local state in the copy
 * (organization.yaml keeps state in S3), and a read of the artifacts stack's state pointed at
 * `artifactsStateFile`. The synthesized stack itself is left as it was.
 */
export function emulatorCopyOfStack(stackDirectory: string, endpoint: string, artifactsStateFile?: string): EmulatorStackCopy {
  const directory = mkdtempSync(path.join(tmpdir(), `guards-emulator-${path.basename(stackDirectory)}-`));
  cpSync(stackDirectory, directory, { recursive: true, filter: (source) => !source.endsWith('.tfstate') });
  const stackFile = path.join(directory, 'cdk.tf.json');
  // The same transform as the localEndpoint config option.
  const { json, applied } = forLocalEndpoint(JSON.parse(readFileSync(stackFile, 'utf8')) as TerraformJsonDocument, endpoint);
  (json.terraform as Record<string, unknown>).backend = { local: { path: 'terraform.tfstate' } };
  // A bucket-mode stack pins its code to the versions its artifacts stack uploaded, read from that
  // stack's state: here the state of the artifacts copy applied to the same emulator.
  const remoteStates = (json.data as Record<string, Record<string, Record<string, unknown>>> | undefined)?.terraform_remote_state;
  if (remoteStates) {
    if (!artifactsStateFile) throw new Error(`${path.basename(stackDirectory)} reads another stack's state: name the applied artifacts stack's state file`);
    for (const remoteState of Object.values(remoteStates)) {
      remoteState.backend = 'local';
      remoteState.config = { path: artifactsStateFile };
    }
  }
  writeFileSync(stackFile, JSON.stringify(json, null, 2));
  return { directory, applied };
}
