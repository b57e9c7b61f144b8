import { platformSidPrefix } from '../../modules/common/guard-function';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { assumeRemediationRoleStatement } from '../../modules/common/hub-member-access';
import {
  actionsCalledByHandler,
  hubFailedCallSourceFiles,
  hubOnlySourceFiles,
  impliedPermissions,
  securityHubSourceFiles,
  standaloneOnlySourceFiles,
} from '../helpers/handler-actions';
import { PolicyDocument, actionsOf, asList, policyProblems } from '../helpers/iam-policy-checks';
import { SynthesizedStack, repoRoot, resourcesOfType, synthesizeConfigFile, handlerOfFunction } from '../helpers/synth';
import * as path from 'node:path';

/**
 * Hub mode splits a guard's permissions in two: the hub function's role may only assume the
 * guard's remediation role in members and alert; the member's remediation role holds the calls
 * that act. Together they grant exactly what the handler calls, and each holds only its part.
 */
const stacks = synthesizeConfigFile('examples/organization.yaml');
const stack = (name: string): SynthesizedStack => stacks.find((candidate) => candidate.name === name)!;
const policies = (json: SynthesizedStack['json']) => Object.values(resourcesOfType(json, 'aws_iam_role_policy'));
const documentOf = (policy: Record<string, unknown>) => JSON.parse(String(policy.policy)) as PolicyDocument;

interface HubFunction {
  readonly stackName: string;
  readonly region: string;
  readonly handlerName: string;
  readonly guardName: string;
  readonly policy: PolicyDocument;
}

const hubFunctions: HubFunction[] = stacks
  .filter((candidate) => candidate.name.startsWith('hub-'))
  .flatMap((hub) => {
    const region = hub.name.slice('hub-'.length);
    return Object.values(resourcesOfType(hub.json, 'aws_lambda_function')).map((fn) => {
      const functionName = String(fn.function_name);
      // Hub roles and their policies are named `<function>-<region>` (IAM names are account-wide);
      // the organization-trail guards keep the standalone construct's names.
      const policy = policies(hub.json).find((candidate) => candidate.name === `${functionName}-${region}` || candidate.name === functionName)!;
      return {
        stackName: hub.name,
        region,
        handlerName: handlerOfFunction(fn)!,
        guardName: functionName.replace(/^guards-/, ''),
        policy: documentOf(policy),
      };
    });
  });

/** Statements a hub function holds for its handler (not its own logs, queue and key). */
const handlerStatements = (fn: HubFunction) => fn.policy.Statement.filter((statement) => !statement.Sid?.startsWith(platformSidPrefix));

describe('least privilege of the hub functions and the member roles', () => {
  it('finds the hub functions of every region', () => {
    expect(
      hubFunctions
        .filter((fn) => fn.guardName === 'instance-quarantine')
        .map((fn) => fn.region)
        .sort(),
    ).toEqual(['ap-southeast-2', 'eu-south-2', 'eu-west-1', 'us-east-1']);
    // IAM is global: region-lockdown runs once, in the home region.
    expect(hubFunctions.filter((fn) => fn.guardName === 'region-lockdown').map((fn) => fn.region)).toEqual(['us-east-1']);
  });

  describe.each(hubFunctions.map((fn) => [`${fn.stackName} ${fn.guardName}`, fn] as const))('%s', (_name, fn) => {
    it('holds only: the hub-only calls of its handler, publishing alerts, and (outside the home region) the home topic key', () => {
      const hubCalls = actionsCalledByHandler(fn.handlerName, (file) => hubOnlySourceFiles.includes(file));
      const remoteRoleGuards = ['instance-quarantine', 'instance-quarantine-release', 'exposed-ports-rule', 'inactive-user-rule', 'region-lockdown'];
      // The heartbeat function writes the hub's own table only: every DynamoDB call of its handler is the hub's.
      const ownTableCalls = fn.guardName === 'heartbeat' ? actionsCalledByHandler(fn.handlerName).filter((action) => action.startsWith('dynamodb:')) : [];
      // The cloudtrail-alert functions count failed calls in the region's failed-call table (UpdateItem only).
      const failedCallTableCalls = actionsCalledByHandler(fn.handlerName, (file) => hubFailedCallSourceFiles.includes(file));
      // The Config organization rules report to Config (PutEvaluations, in the member), not to the topic.
      const alerts = !['exposed-ports-rule', 'inactive-user-rule'].includes(fn.guardName);
      // Every hub function that serves members reads its region's member directory (the sign-in alert reads the organization trail).
      const readsDirectory = !['signin-alert', 'hub-alarm-relay'].includes(fn.guardName);
      const expected = [
        ...new Set([...(remoteRoleGuards.includes(fn.guardName) ? hubCalls : []), ...(readsDirectory ? ['s3:GetObjectVersion'] : [])]),
        ...ownTableCalls,
        ...failedCallTableCalls,
        ...(alerts ? ['sns:Publish'] : []),
        ...(!alerts || fn.region === 'us-east-1' || fn.guardName === 'signin-alert' ? [] : ['kms:Decrypt', 'kms:GenerateDataKey']),
      ].sort();
      expect(actionsOf({ Statement: handlerStatements(fn) })).toEqual(expected);
      const publish = handlerStatements(fn).filter((statement) => asList(statement.Action).includes('sns:Publish'));
      // The organization's topic, by ARN or (the organization-trail guards, built in its stack) by reference.
      for (const resource of publish.flatMap((statement) => asList(statement.Resource))) {
        expect(resource).toMatch(/^(arn:aws:sns:us-east-1:111111111111:guards-alerts|\$\{aws_sns_topic\.alert-topic_[0-9A-F]+\.arn\})$/);
      }
    });

    it("may assume only its own guard's remediation role, in the organization", () => {
      const assume = handlerStatements(fn).filter((statement) => asList(statement.Action).includes('sts:AssumeRole'));
      for (const resource of assume.flatMap((statement) => asList(statement.Resource))) {
        expect(resource).toMatch(new RegExp(`^arn:aws:iam::\\d{12}:role/guards-${fn.guardName}-remediation-us-east-1$`));
      }
      for (const statement of assume) expect(statement.Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } });
    });

    it('names only real IAM actions, operators and condition keys', async () => {
      expect(await policyProblems(fn.policy)).toEqual([]);
    });
  });

  it.each([
    ['instance-quarantine', 'guards-instance-quarantine-remediation-us-east-1'],
    ['instance-quarantine-release', 'guards-instance-quarantine-release-remediation-us-east-1'],
    ['region-lockdown', 'guards-region-lockdown-remediation-us-east-1'],
  ])("gives the member's role for %s exactly the calls that act, and nothing that belongs to the hub", async (handlerName, roleName) => {
    for (const member of ['production-us-east-1', 'staging-us-east-1']) {
      const remediation = documentOf(policies(stack(member).json).find((policy) => policy.name === roleName)!);
      // Security Hub findings are not wired in hub mode yet (the hub-wiring task): no member role holds them.
      // The allow-all step is standalone only: a member role adds no security-group rule.
      const acting = actionsCalledByHandler(
        handlerName,
        (file) => !hubOnlySourceFiles.includes(file) && !securityHubSourceFiles.includes(file) && !standaloneOnlySourceFiles.includes(file),
      ).filter((action) => action !== 'sns:Publish');
      const expected = [...new Set([...acting, ...acting.flatMap((action) => impliedPermissions[action] ?? [])])].sort();
      // Allowed actions only: the explicit Deny on protected roles takes nothing away from the list.
      expect(actionsOf({ Statement: remediation.Statement.filter((statement) => statement.Effect !== 'Deny') })).toEqual(expected);
      expect(await policyProblems(remediation)).toEqual([]);
    }
  });

  it("gives the member's forwarder role only PutEvents on the hub's buses", async () => {
    const forwarder = documentOf(policies(stack('production-us-east-1').json).find((policy) => policy.name === 'guards-hub-forwarder-us-east-1')!);
    expect(forwarder.Statement).toEqual([
      {
        Sid: 'PutEventsOnHubBusesOnly',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: ['ap-southeast-2', 'eu-south-2', 'eu-west-1', 'us-east-1'].map((region) => `arn:aws:events:${region}:111111111111:event-bus/guards-hub`),
      },
    ]);
    expect(await policyProblems(forwarder)).toEqual([]);
  });

  it('scopes a large organization by the role name in any account of the organization (a role policy holds 10,240 characters)', async () => {
    const config = loadGuardsConfig(path.join(repoRoot, 'examples', 'organization.yaml'));
    const many = Array.from({ length: 26 }, (_, index) => String(100000000000 + index));
    const statement = assumeRemediationRoleStatement(config, 'instance-quarantine', many);
    expect(statement).toEqual({
      sid: 'AssumeMemberRemediationRoles',
      actions: ['sts:AssumeRole'],
      resources: ['arn:aws:iam::*:role/guards-instance-quarantine-remediation-us-east-1'],
      conditions: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } },
    });
    const document = {
      Statement: [{ Sid: statement.sid, Effect: 'Allow', Action: statement.actions[0], Resource: statement.resources[0], Condition: statement.conditions }],
    } as PolicyDocument;
    expect(await policyProblems(document)).toEqual([]);
  });
});
