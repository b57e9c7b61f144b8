import { parseGuardsConfig } from '../../modules/config/load-guards-config';
import { GuardsConfigError } from '../../modules/config/load-guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const base = {
  regions: ['us-east-1', 'eu-west-1'],
  accounts: [{ id: '111111111111', name: 'prod' }],
  guards: { instanceQuarantine: {} },
};

function terraformBlocks(backend: unknown): Record<string, Record<string, unknown>> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-backend-'));
  synthesizeGuards(parseGuardsConfig({ ...base, backend }, 'guards.yaml'), { outdir });
  return Object.fromEntries(
    ['prod-us-east-1', 'prod-eu-west-1'].map((name) => [name, JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')).terraform]),
  );
}

describe('state backends', () => {
  it('local by default, with a relative path and no machine path', () => {
    const blocks = terraformBlocks(undefined);
    expect(blocks['prod-us-east-1'].backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(JSON.stringify(blocks)).not.toContain(tmpdir());
  });

  it('S3 with a key per stack, encryption and S3 locking', () => {
    const blocks = terraformBlocks({ type: 's3', bucket: 'acme-tf-state', region: 'us-east-1' });
    expect(blocks['prod-eu-west-1'].backend).toEqual({
      s3: { bucket: 'acme-tf-state', region: 'us-east-1', key: 'aws-security-guards/prod-eu-west-1.tfstate', encrypt: true, use_lockfile: true },
    });
  });

  it('S3 with a DynamoDB lock table instead, when one is named', () => {
    const blocks = terraformBlocks({
      type: 's3',
      bucket: 'acme-tf-state',
      region: 'us-east-1',
      lockTable: 'tf-locks',
      keyTemplate: 'guards/{accountId}/{region}.tfstate',
    });
    expect(blocks['prod-us-east-1'].backend).toEqual({
      s3: { bucket: 'acme-tf-state', region: 'us-east-1', key: 'guards/111111111111/us-east-1.tfstate', encrypt: true, dynamodb_table: 'tf-locks' },
    });
  });

  it('Terraform Cloud with one workspace per stack from the template, in a project', () => {
    const blocks = terraformBlocks({ type: 'cloud', organization: 'acme', workspaceTemplate: 'sec-{account}-{region}', project: 'guards' });
    expect(blocks['prod-eu-west-1'].cloud).toEqual({
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: 'sec-prod-eu-west-1', project: 'guards' },
    });
  });

  it('rejects a template that would give two stacks one state, or an unknown placeholder', () => {
    const problems = (backend: unknown): string[] => {
      try {
        parseGuardsConfig({ ...base, backend }, 'guards.yaml');
        return [];
      } catch (error) {
        return [...(error as GuardsConfigError).problems];
      }
    };
    expect(problems({ type: 'cloud', organization: 'acme', workspaceTemplate: 'guards-{account}' })).toEqual([
      'backend.workspaceTemplate: must make one name per stack: use {stack}, or an account and {region}',
    ]);
    expect(problems({ type: 's3', bucket: 'acme-tf-state', region: 'us-east-1', keyTemplate: '{stack}/{env}.tfstate' })).toEqual([
      'backend.keyTemplate: may only use the placeholders {name} {stack} {account} {accountId} {region}',
    ]);
  });
});
