import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from 'cdktf';
import { GuardsConfig, GuardsConfigAccount } from '../config/guards-config';

/** What a backend name template can refer to. */
export interface StackIdentity {
  readonly name: string;
  readonly account: GuardsConfigAccount;
  readonly region: string;
}

/** Fills a name template's placeholders for one stack. */
export function fillNameTemplate(template: string, config: GuardsConfig, plan: StackIdentity): string {
  return template
    .replaceAll('{name}', config.name)
    .replaceAll('{stack}', plan.name)
    .replaceAll('{accountId}', plan.account.id)
    .replaceAll('{account}', plan.account.name)
    .replaceAll('{region}', plan.region);
}

/** The state backend the config chose, for one stack. */
export function addBackend(stack: TerraformStack, config: GuardsConfig, plan: StackIdentity): void {
  const backend = config.backend;
  switch (backend.type) {
    case 'local':
      // A relative path: the state lives beside the stack's Terraform, never at a machine path.
      new LocalBackend(stack, { path: backend.path ?? 'terraform.tfstate' });
      return;
    case 's3': {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        region: backend.region,
        key: fillNameTemplate(backend.keyTemplate, config, plan),
        encrypt: true,
        ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
        ...(backend.lockTable ? { dynamodbTable: backend.lockTable } : {}),
        ...(backend.roleArn ? { assumeRole: { roleArn: backend.roleArn } } : {}),
      });
      // S3's own lock file (Terraform >= 1.10); cdktf 0.21 has no typed option for it.
      if (!backend.lockTable) s3.addOverride('use_lockfile', true);
      return;
    }
    case 'cloud':
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(fillNameTemplate(backend.workspaceTemplate, config, plan), backend.project),
      });
      return;
  }
}
