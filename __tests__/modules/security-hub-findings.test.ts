import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseGuardsConfig } from '../../modules/config/load-guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { platformSidPrefix } from '../../modules/common/guard-function';
import { actionsCalledByHandler, memberAccountSourceFiles } from '../helpers/handler-actions';
import { PolicyDocument, actionsOf, asList } from '../helpers/iam-policy-checks';
import { TerraformJson, repoRoot, resourcesOfType } from '../helpers/synth';

const example = parse(readFileSync(path.join(repoRoot, 'examples/single-account.yaml'), 'utf8')) as { alerts: Record<string, unknown> };

function synthesizeWith(securityHub: unknown): TerraformJson {
  const config = parseGuardsConfig({ ...example, alerts: { ...example.alerts, securityHub } }, 'guards.yaml');
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-securityhub-'));
  const [stack] = synthesizeGuards(config, { outdir });
  return JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8')) as TerraformJson;
}

function functionsOf(json: TerraformJson) {
  const policies = Object.values(resourcesOfType(json, 'aws_iam_role_policy'));
  return Object.values(resourcesOfType(json, 'aws_lambda_function')).map((fn) => ({
    handlerName: path.basename(String(fn.filename), '.zip'),
    variables: (fn.environment as { variables: Record<string, string> }).variables,
    policy: JSON.parse(String(policies.find((policy) => policy.name === fn.function_name)!.policy)) as PolicyDocument,
  }));
}

const securityHubStatements = (policy: PolicyDocument) =>
  policy.Statement.filter((statement) => asList(statement.Action).some((action) => action.startsWith('securityhub:')));

describe('alerts.securityHub', () => {
  const on = functionsOf(synthesizeWith({ enabled: true }));

  it.each(['instance-quarantine', 'instance-quarantine-release', 'exposed-ports-rule', 'inactive-user-rule', 'detections'])(
    '%s: grants exactly the calls its handler makes, Security Hub ones included, on the account own product and hub',
    (handlerName) => {
      const fn = on.find((each) => each.handlerName === handlerName)!;
      const own = fn.policy.Statement.filter((statement) => !statement.Sid?.startsWith(platformSidPrefix) && statement.Effect === 'Allow');
      const called = actionsCalledByHandler(handlerName, (file) => !memberAccountSourceFiles.includes(file));
      expect(called).toContain('securityhub:BatchImportFindings');
      expect(actionsOf({ Statement: own })).toEqual(called);
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityhub.html: BatchImportFindings on the product, BatchUpdateFindings on the hub.
      const resources = Object.fromEntries(
        securityHubStatements(fn.policy).flatMap((statement) => asList(statement.Action).map((action) => [action, statement.Resource])),
      );
      expect(resources['securityhub:BatchImportFindings']).toBe('arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default');
      expect(fn.variables.SECURITY_HUB_PRODUCT_ARN).toBe('arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default');
    },
  );

  it('lets only the release and the Config rules resolve (BatchUpdateFindings on the hub), and only the Config rules read their open findings first (GetFindings)', () => {
    const holding = (action: string) => on.filter((fn) => securityHubStatements(fn.policy).some((statement) => asList(statement.Action).includes(action)));
    expect(
      holding('securityhub:BatchUpdateFindings')
        .map((fn) => fn.handlerName)
        .sort(),
    ).toEqual(['exposed-ports-rule', 'inactive-user-rule', 'instance-quarantine-release']);
    expect(
      holding('securityhub:GetFindings')
        .map((fn) => fn.handlerName)
        .sort(),
    ).toEqual(['exposed-ports-rule', 'inactive-user-rule']);
    for (const fn of holding('securityhub:BatchUpdateFindings')) {
      for (const statement of securityHubStatements(fn.policy).filter((each) => !asList(each.Action).includes('securityhub:BatchImportFindings'))) {
        expect(statement.Resource).toBe('arn:aws:securityhub:us-east-1:123456789012:hub/default');
      }
    }
  });

  it('gives the other functions no Security Hub grant or variable', () => {
    for (const fn of on.filter(
      (each) => !['instance-quarantine', 'instance-quarantine-release', 'exposed-ports-rule', 'inactive-user-rule', 'detections'].includes(each.handlerName),
    )) {
      expect(securityHubStatements(fn.policy)).toEqual([]);
      expect(fn.variables).not.toHaveProperty('SECURITY_HUB_PRODUCT_ARN');
    }
  });

  it('grants nothing and sets nothing when off (the default)', () => {
    for (const fn of [...functionsOf(synthesizeWith({ enabled: false })), ...functionsOf(synthesizeWith(undefined))]) {
      expect(securityHubStatements(fn.policy)).toEqual([]);
      expect(fn.variables).not.toHaveProperty('SECURITY_HUB_PRODUCT_ARN');
    }
  });
});
