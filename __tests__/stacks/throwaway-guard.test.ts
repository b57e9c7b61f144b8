/**
 * Adding a guard that runs in both modes is its own folder plus one registry line (docs/architecture.md,
 * "Adding a guard", whose worked example this is): in a temporary copy of the project, a throwaway alert guard (an S3 bucket-policy
 * alert on the shared cloudtrail-alert handler) is added that way, and a small hub config and a
 * standalone config are synthesized in one tsx run. Hub mode forwards its pattern in the member's
 * rule, runs its function in the hub behind a rule on the hub bus, and alerts on the organization's
 * topic; standalone mode holds the same guard whole. Leaving out one hub hook fails to compile.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { TerraformJson, hubMemberDirectory, repoRoot } from '../helpers/synth';
import { typeErrors } from '../helpers/typecheck';

const guardName = 's3-policy-alert';

/** The guard's folder, written as a new engineer would: settings, construct, hub hooks, definition, module export. */
const guardFiles: Record<string, string> = {
  'settings.ts': `
import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';

export interface S3PolicyAlertSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /** The S3 calls that alert. @default ['PutBucketPolicy', 'DeleteBucketPolicy'] */
  readonly eventNames?: readonly string[];
}

export const s3PolicyAlertSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  eventNames: z.array(z.string().min(1)).min(1).optional(),
}) satisfies z.ZodType<S3PolicyAlertSettings>;

export const s3PolicyAlertDefaults = { enabled: true, eventNames: ['PutBucketPolicy', 'DeleteBucketPolicy'] as readonly string[] } satisfies Required<S3PolicyAlertSettings>;

export type ResolvedS3PolicyAlertSettings = ResolvedSettings<S3PolicyAlertSettings>;

export function s3PolicyPattern(eventNames: readonly string[]): Record<string, unknown> {
  return { source: ['aws.s3'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['s3.amazonaws.com'], eventName: [...eventNames] } };
}
`,
  'index.ts': `
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import type { GuardWiring } from '../common/guard-definition';
import { GuardFunction } from '../common/guard-function';
import { writeApiCallAlertEnvironment } from '../../handlers/cloudtrail-alert/contract';
import { ResolvedS3PolicyAlertSettings, s3PolicyPattern } from './settings';

export const s3PolicyAlertGuardName = '${guardName}';

export class S3PolicyAlert extends Construct {
  constructor(scope: Construct, id: string, props: GuardWiring & ResolvedS3PolicyAlertSettings) {
    super(scope, id);
    const fn = new GuardFunction(this, 'function', {
      environment: props.environment,
      functionName: \`\${props.namePrefix}-\${s3PolicyAlertGuardName}\`,
      handlerName: cloudTrailAlertHandlerName,
      description: 'Alerts on bucket policy changes',
      key: props.key,
      alertTopic: props.alertTopic,
      statements: [{ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: [props.alertTopic.arn] }],
      variables: writeApiCallAlertEnvironment({ alertTopicArn: props.alertTopic.arn, serviceName: s3PolicyAlertGuardName }),
    });
    const rule = new CloudwatchEventRule(this, 'rule', { name: \`\${props.namePrefix}-s3-policy\`, eventPattern: JSON.stringify(s3PolicyPattern(props.eventNames)) });
    new CloudwatchEventTarget(this, 'target', { rule: rule.name, arn: fn.function.arn });
    fn.allowInvocation('rule', 'events.amazonaws.com', rule.arn);
  }
}
`,
  'hub.ts': `
import { cloudTrailAlertHubHooks } from '../common/cloudtrail-alert-hub';
import { s3PolicyAlertGuardName } from './index';
import { ResolvedS3PolicyAlertSettings, s3PolicyPattern } from './settings';

export const s3PolicyAlertHub = cloudTrailAlertHubHooks<ResolvedS3PolicyAlertSettings>({
  guardName: s3PolicyAlertGuardName,
  perAccountSettings: ['enabled'],
  patterns: (settings) => [s3PolicyPattern(settings.eventNames)],
});
`,
  'guard.ts': `
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { defineGuard } from '../common/guard-definition';
import { s3PolicyAlertHub } from './hub';
import { S3PolicyAlert, s3PolicyAlertGuardName } from './index';
import { ResolvedS3PolicyAlertSettings, s3PolicyAlertDefaults, s3PolicyAlertSettingsSchema } from './settings';

export const s3PolicyAlertGuard = defineGuard({
  configKey: 's3PolicyAlert',
  name: s3PolicyAlertGuardName,
  scope: 'regional',
  scopeReason: 'S3 delivers its CloudTrail events in the bucket region.',
  handlers: [cloudTrailAlertHandlerName],
  settingsSchema: s3PolicyAlertSettingsSchema,
  defaults: s3PolicyAlertDefaults,
  createConstruct: (scope, wiring, settings: ResolvedS3PolicyAlertSettings) => new S3PolicyAlert(scope, s3PolicyAlertGuardName, { ...settings, ...wiring }),
  moduleExport: { fixedSettings: {}, variables: [] },
  hubMode: s3PolicyAlertHub,
});
`,
};

const configs = {
  hub: {
    name: 'guards',
    homeRegion: 'us-east-1',
    regions: ['us-east-1'],
    accounts: [
      { id: '111111111111', name: 'security-tooling' },
      { id: '222222222222', name: 'production' },
    ],
    guards: { s3PolicyAlert: {} },
    alerts: { emails: ['security@example.com'] },
    hub: { account: 'security-tooling', organizationId: 'o-a1b2c3d4e5' },
  },
  standalone: {
    name: 'guards',
    homeRegion: 'us-east-1',
    regions: ['us-east-1'],
    accounts: [{ id: '222222222222', name: 'production' }],
    guards: { s3PolicyAlert: {} },
  },
};

/** One tsx run in the copy: each config synthesized into its own folder. */
const synthScript = `
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseGuardsConfig } from './modules/config/load-guards-config';
import { synthesizeGuards } from './modules/stacks/synthesize';
const configs = JSON.parse(process.argv[2]);
for (const [name, raw] of Object.entries(configs)) {
  const outdir = path.join('out', name);
  mkdirSync(outdir, { recursive: true });
  synthesizeGuards(parseGuardsConfig(raw, name + '.yaml'), { outdir });
}
`;

describe('a throwaway guard added as docs/architecture.md "Adding a guard" says', () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'guards-throwaway-'));
  const stack = (mode: string, name: string) => JSON.parse(readFileSync(path.join(copy, 'out', mode, 'stacks', name, 'cdk.tf.json'), 'utf8')) as TerraformJson;

  beforeAll(() => {
    // Only what synth and the type-check need; node_modules and the built zips by link.
    for (const entry of ['modules', 'handlers', 'tsconfig.json', 'package.json'])
      cpSync(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
    mkdirSync(path.join(copy, 'dist'));
    symlinkSync(path.join(repoRoot, 'dist', 'handlers'), path.join(copy, 'dist', 'handlers'));
    mkdirSync(path.join(copy, 'modules', guardName));
    for (const [file, text] of Object.entries(guardFiles)) writeFileSync(path.join(copy, 'modules', guardName, file), text.trimStart());
    // The one registry line (and its import).
    const registryFile = path.join(copy, 'modules', 'stacks', 'guard-registry.ts');
    const registry = readFileSync(registryFile, 'utf8')
      .replace('import type { GuardDefinition }', `import { s3PolicyAlertGuard } from '../${guardName}/guard';\nimport type { GuardDefinition }`)
      .replace('export const guardRegistry = [\n', 'export const guardRegistry = [\n  s3PolicyAlertGuard,\n');
    writeFileSync(registryFile, registry);
    writeFileSync(path.join(copy, 'synth.ts'), synthScript);
    execFileSync(path.join(copy, 'node_modules', '.bin', 'tsx'), ['synth.ts', JSON.stringify(configs)], { cwd: copy, stdio: 'pipe' });
  }, 240_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  const bucketPolicyCall = {
    version: '0',
    id: 'e7c5b4a2-0000-4000-8000-000000000001',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.s3',
    account: '222222222222',
    time: '2026-12-04T20:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy' },
  };

  it("hub mode: the member's forwarding rule forwards the guard's events to the hub bus", () => {
    const spoke = stack('hub', 'production-us-east-1');
    const forward = Object.values(spoke.resource.aws_cloudwatch_event_rule).find((rule) => rule.name === 'guards-forward-to-hub')!;
    expect(matchesEventPattern(forward.event_pattern as string, bucketPolicyCall)).toBe(true);
    expect(matchesEventPattern(forward.event_pattern as string, { ...bucketPolicyCall, detail: { ...bucketPolicyCall.detail, eventName: 'GetObject' } })).toBe(
      false,
    );
    const target = Object.values(spoke.resource.aws_cloudwatch_event_target).find(
      (candidate) => candidate.target_id === 'hub-bus' && String(candidate.rule).includes('forward'),
    )!;
    expect(target.arn).toBe('arn:aws:events:us-east-1:111111111111:event-bus/guards-hub');
  });

  it('hub mode: its function runs in the hub, behind a rule on the hub bus, and alerts on the organization topic', () => {
    const hub = stack('hub', 'hub-us-east-1');
    const fn = Object.values(hub.resource.aws_lambda_function).find((candidate) => candidate.function_name === `guards-${guardName}`)!;
    const variables = (fn.environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({ ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:guards-alerts', POWERTOOLS_SERVICE_NAME: guardName });
    // Only the location of the hub's member directory, which names every account.
    const { directory, variables: location } = hubMemberDirectory(hub);
    expect(variables).toMatchObject(location);
    expect(Object.fromEntries([...directory.accounts].map(([id, entry]) => [id, entry.name]))).toEqual({
      '111111111111': 'security-tooling',
      '222222222222': 'production',
    });
    const rule = Object.values(hub.resource.aws_cloudwatch_event_rule).find((candidate) => candidate.name === `guards-${guardName}-members`)!;
    expect(rule.event_bus_name).toContain('aws_cloudwatch_event_bus');
    expect(matchesEventPattern(rule.event_pattern as string, bucketPolicyCall)).toBe(true);
    const target = Object.values(hub.resource.aws_cloudwatch_event_target).find((candidate) => candidate.target_id === guardName)!;
    expect(target.arn).toContain('aws_lambda_function');
    const policy = Object.values(hub.resource.aws_iam_role_policy).find((candidate) => candidate.name === `guards-${guardName}-us-east-1`)!;
    expect(JSON.parse(policy.policy as string).Statement).toContainEqual(
      expect.objectContaining({ Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:111111111111:guards-alerts' }),
    );
    expect(Object.values(hub.resource.aws_sns_topic_subscription ?? {}).map((subscription) => subscription.endpoint)).toContain('security@example.com');
  });

  it('standalone mode: the account stack holds the guard whole', () => {
    const account = stack('standalone', 'production-us-east-1');
    const names = Object.values(account.resource.aws_lambda_function).map((candidate) => candidate.function_name);
    expect(names).toContain(`guards-${guardName}`);
    const rule = Object.values(account.resource.aws_cloudwatch_event_rule).find((candidate) => candidate.name === 'guards-s3-policy')!;
    expect(matchesEventPattern(rule.event_pattern as string, bucketPolicyCall)).toBe(true);
  });

  it('leaving out a hub hook fails to compile, naming it', () => {
    const hubFile = path.join(copy, 'modules', guardName, 'hub.ts');
    writeFileSync(
      hubFile,
      guardFiles['hub.ts']
        .replace(
          'export const s3PolicyAlertHub = cloudTrailAlertHubHooks<ResolvedS3PolicyAlertSettings>({',
          'const hooks = cloudTrailAlertHubHooks<ResolvedS3PolicyAlertSettings>({',
        )
        .concat('const { memberEvents: _forgotten, ...withoutEvents } = hooks;\nexport const s3PolicyAlertHub = withoutEvents;\n'),
    );
    const errors = typeErrors([path.join(copy, 'modules', 'stacks', 'guard-registry.ts')], copy);
    expect(errors.some((error) => error.startsWith(`modules/${guardName}/guard.ts`) && error.includes("Property 'memberEvents' is missing"))).toBe(true);
  }, 120_000);
});
