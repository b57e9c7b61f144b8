import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './synth';

/** IAM service prefix of each AWS SDK v3 client package the handlers use. */
const iamPrefixOfClient: Record<string, string> = {
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-sns': 'sns',
  '@aws-sdk/client-config-service': 'config',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-organizations': 'organizations',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-securityhub': 'securityhub',
  '@aws-sdk/client-s3': 's3',
};

/**
 * Calls that S3 authorizes under another action than their name: the member directory is read by
 * version (`VersionId`), which needs `s3:GetObjectVersion`, not `s3:GetObject`
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Permissions").
 */
const actionOfCallIn: Record<string, Record<string, string>> = {
  'handlers/common/member-directory.ts': { 's3:GetObject': 's3:GetObjectVersion' },
};

/**
 * Permissions that a call needs besides its own action (AWS's "dependent actions"):
 * associating an instance profile passes its role to EC2.
 */
export const impliedPermissions: Record<string, readonly string[]> = {
  'ec2:AssociateIamInstanceProfile': ['iam:PassRole'],
};

/** The project source files esbuild put into a handler's bundle (from `npm run build`'s metafile). */
export function handlerSourceFiles(handlerName: string): string[] {
  const metafile = path.join(repoRoot, 'dist', 'handlers', `${handlerName}.meta.json`);
  if (!existsSync(metafile)) throw new Error(`${metafile} is missing: run \`npm run build\` first`);
  const inputs = Object.keys((JSON.parse(readFileSync(metafile, 'utf8')) as { inputs: Record<string, unknown> }).inputs);
  return inputs.filter((input) => input.startsWith('handlers/')).sort();
}

/** Source files whose calls a handler makes only in hub mode (assuming a member's role): no standalone role holds them. */
export const memberAccountSourceFiles: readonly string[] = ['handlers/common/member-accounts.ts', 'handlers/common/member-directory.ts'];

/**
 * Source files whose calls a handler makes only in standalone mode, which no member role assumed by
 * the hub holds: the quarantine's allow-all step (the only calls that add a security-group rule) and
 * the network ACL entries (networkAclDeny, refused in hub mode: IAM cannot limit them to denies).
 */
export const standaloneOnlySourceFiles: readonly string[] = [
  'handlers/instance-quarantine/allow-all-group.ts',
  'handlers/instance-quarantine/network-acl-deny.ts',
  'handlers/instance-quarantine-release/network-acl-release.ts',
];

/** Source files whose calls a handler makes only where Security Hub findings are on (SECURITY_HUB_PRODUCT_ARN set). */
export const securityHubSourceFiles: readonly string[] = [
  'handlers/common/security-hub-import.ts',
  'handlers/common/security-hub-resolve.ts',
  'handlers/config-rule/resolve-compliant-findings.ts',
];

/**
 * Source files whose calls a handler makes in hub mode with the hub function's own role (assuming a
 * member's remediation role; the quarantine state table, which lives in the hub); every other call
 * then runs with the member role.
 */
export const hubOnlySourceFiles: readonly string[] = [
  ...memberAccountSourceFiles,
  'handlers/instance-quarantine/quarantine-state.ts',
  'handlers/instance-quarantine-release/release-state.ts',
];

/** Source files whose calls a handler makes only on the hub region's failed-call table (hub mode: standalone functions have no table and no grant). */
export const hubFailedCallSourceFiles: readonly string[] = ['handlers/cloudtrail-alert/failed-call-table.ts'];

/**
 * The IAM actions a handler calls, read from its source: every `new XyzCommand(` whose class is
 * imported from an AWS SDK client package becomes `<service>:Xyz`. `files` narrows the source
 * files read (e.g. without the hub-only ones, for a standalone role).
 */
export function actionsCalledByHandler(handlerName: string, files: (file: string) => boolean = () => true): string[] {
  const actions = new Set<string>();
  for (const file of handlerSourceFiles(handlerName).filter(files)) {
    const source = readFileSync(path.join(repoRoot, file), 'utf8');
    const clientOfCommand = new Map<string, string>();
    for (const match of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
      for (const name of match[1].split(',').map((part) => part.trim().split(/\s+as\s+/)[0])) {
        if (name.endsWith('Command')) clientOfCommand.set(name, match[2]);
      }
    }
    for (const match of source.matchAll(/new\s+(\w+Command)\s*\(/g)) {
      const client = clientOfCommand.get(match[1]);
      if (!client) throw new Error(`${file}: ${match[1]} is not imported from an AWS SDK client package`);
      const prefix = iamPrefixOfClient[client];
      if (!prefix) throw new Error(`${file}: no IAM service prefix known for ${client}; add it to iamPrefixOfClient`);
      const action = `${prefix}:${match[1].replace(/Command$/, '')}`;
      actions.add(actionOfCallIn[file]?.[action] ?? action);
    }
  }
  return [...actions].sort();
}
