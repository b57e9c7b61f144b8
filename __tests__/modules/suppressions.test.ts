import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseGuardsConfig } from '../../modules/config/load-guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { platformSidPrefix } from '../../modules/common/guard-function';
import { actionsCalledByHandler } from '../helpers/handler-actions';
import { configProblems } from '../helpers/config-problems';
import { PolicyDocument, actionsOf, asList } from '../helpers/iam-policy-checks';
import { TerraformJson, repoRoot, resourcesOfType } from '../helpers/synth';
import { GuardDefinition, guardRegistry } from '../../modules/stacks/guard-registry';
import { detectionIds } from '../../handlers/detections/contract';

// Expiries relative to the day the test runs: synth refuses a past one or one more than a year away.
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const owned = { owner: 'platform-team', reason: 'known automation', expires: inDays(60) };
const example = parse(readFileSync(path.join(repoRoot, 'examples/single-account.yaml'), 'utf8')) as Record<string, unknown>;

/** The example (every guard on) in us-east-1 and eu-west-1, with these suppressions, synthesized. */
function synthesizeWith(suppressions: unknown[]): Map<string, TerraformJson> {
  const config = parseGuardsConfig({ ...example, regions: ['us-east-1', 'eu-west-1'], suppressions }, 'guards.yaml');
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-suppressions-'));
  const stacks = synthesizeGuards(config, { outdir });
  return new Map(
    stacks.map((stack) => [stack.name, JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8')) as TerraformJson]),
  );
}

const functionNamed = (json: TerraformJson, name: string) =>
  Object.values(resourcesOfType(json, 'aws_lambda_function')).find((fn) => fn.function_name === name);
const variablesOf = (json: TerraformJson, name: string) =>
  (functionNamed(json, name)?.environment as { variables: Record<string, string> } | undefined)?.variables ?? {};

describe('suppressions in the config', () => {
  const sgCi = { ...owned, guard: 'sg-change-alert', principalArn: 'arn:aws:sts::123456789012:assumed-role/ci-*' };
  const anyGuardInAccount = { ...owned, accountId: '123456789012', resourceId: 'i-0123456789abcdef0' };
  const irelandOnly = { ...owned, guard: 'iam-change-alert', region: 'eu-west-1' };
  const otherAccount = { ...owned, guard: 'sg-change-alert', accountId: '999999999999' };
  const detection = { ...owned, guard: 'cloudtrail-changes' };
  const stacks = synthesizeWith([sgCi, anyGuardInAccount, irelandOnly, otherAccount, detection]);
  const home = stacks.get('sandbox-us-east-1')!;
  const ireland = stacks.get('sandbox-eu-west-1')!;
  const suppressionsOf = (json: TerraformJson, name: string) => JSON.parse(variablesOf(json, name).SUPPRESSIONS ?? 'null') as unknown;
  const { accountId: _account, ...anyGuard } = anyGuardInAccount;

  it('gives each alerting function those of its guard, account and region, without what synth already matched', () => {
    expect(suppressionsOf(home, 'guards-sg-change-alert')).toEqual([sgCi, anyGuard]);
    expect(suppressionsOf(home, 'guards-instance-quarantine')).toEqual([anyGuard]);
    expect(suppressionsOf(ireland, 'guards-sg-change-alert')).toEqual([sgCi, anyGuard]);
    // iam-change-alert lives in the home region only: the Ireland-only suppression reaches no function.
    expect(suppressionsOf(home, 'guards-iam-change-alert')).toEqual([anyGuard]);
    expect(stacks.size).toBe(2);
    expect(JSON.stringify([...stacks.values()])).not.toContain('999999999999');
  });

  it('gives the detections function the suppressions naming one of its detections', () => {
    expect(suppressionsOf(home, 'guards-detections')).toEqual([anyGuard, detection]);
  });

  it('gives a function that never alerts none (a Config rule)', () => {
    expect(variablesOf(home, 'guards-exposed-ports-rule')).not.toHaveProperty('SUPPRESSIONS');
  });

  it('adds a weekly digest function listing every suppression of the stack, with exactly its calls granted', () => {
    const digest = functionNamed(home, 'guards-suppression-digest')!;
    expect(JSON.parse(variablesOf(home, 'guards-suppression-digest').SUPPRESSIONS)).toEqual([sgCi, anyGuard, detection]);
    const rule = Object.values(resourcesOfType(home, 'aws_cloudwatch_event_rule')).find((each) => each.name === 'guards-suppression-digest');
    expect(rule?.schedule_expression).toBe('cron(0 8 ? * MON *)');
    const policy = JSON.parse(
      String(Object.values(resourcesOfType(home, 'aws_iam_role_policy')).find((each) => each.name === digest.function_name)?.policy),
    ) as PolicyDocument;
    const own = policy.Statement.filter((statement) => !statement.Sid?.startsWith(platformSidPrefix));
    expect(actionsOf({ Statement: own })).toEqual(actionsCalledByHandler('suppression-digest'));
    expect(own.find((statement) => asList(statement.Action).includes('sns:Publish'))?.Resource).toEqual(expect.stringContaining('aws_sns_topic'));
  });

  it('adds no digest to a stack without suppressions', () => {
    const none = synthesizeWith([{ ...owned, guard: 'sg-change-alert', region: 'eu-west-1' }]);
    expect(functionNamed(none.get('sandbox-eu-west-1')!, 'guards-suppression-digest')).toBeDefined();
    expect(functionNamed(none.get('sandbox-us-east-1')!, 'guards-suppression-digest')).toBeUndefined();
    expect(variablesOf(none.get('sandbox-us-east-1')!, 'guards-sg-change-alert')).not.toHaveProperty('SUPPRESSIONS');
  });

  it("refuses, naming the guard and the size, suppressions that do not fit a function's environment", () => {
    const many = Array.from({ length: 20 }, (_, index) => ({ ...owned, guard: 'sg-change-alert', resourceId: `sg-${String(index).padStart(17, '0')}` }));
    expect(() => synthesizeWith(many)).toThrow(
      /^suppressions: the 20 that apply to sg-change-alert take \d+ bytes of its Lambda environment, more than 2048 \(Lambda allows 4 KB for all its variables\)/,
    );
  });

  it('refuses one without owner or with an expiry in the past or more than a year away, naming the field', () => {
    const problems = configProblems({
      ...example,
      suppressions: [
        { ...sgCi, owner: '' },
        { ...sgCi, expires: inDays(-1) },
        { ...sgCi, expires: inDays(400) },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^suppressions\[0\]\.owner: required/),
      expect.stringMatching(/^suppressions\[1\]\.expires: must not be in the past/),
      expect.stringMatching(/^suppressions\[2\]\.expires: must be at most a year away/),
    ]);
  });

  it('refuses a guard that names no guard or detection, listing the known names from the registry', () => {
    const problems = configProblems({
      ...example,
      suppressions: [
        { ...owned, guard: 'sg-chnage-alert' },
        { ...owned, guard: 'cloudtrail-changes' },
      ],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^suppressions\[0\]\.guard: names no guard or detection: sg-chnage-alert \(guards: /);
    // The names come from the registry: every guard and every detection id, each once.
    for (const definition of guardRegistry as readonly GuardDefinition[]) expect(problems[0]).toContain(definition.name);
    for (const id of detectionIds) expect(problems[0]).toContain(id);
  });
});
