import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { PolicyStatement } from '../common/iam-policy';
import { managedGroupTag, releaseApproval, stateKeyPrefixes } from '../../handlers/instance-quarantine/contract';

/** What the quarantine and release roles are scoped to; every ARN is literal, known at synth. */
export interface QuarantinePermissionScope {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly alertTopicArn: string;
  /** The state table only the guard writes. */
  readonly stateTableArn: string;
  /** The Terraform-managed deny policy that revokes instance-issued sessions of a role. */
  readonly revocationPolicyArn: string;
  /** Alarms of this guard start with it. */
  readonly alarmNamePrefix: string;
  /** The role that deploys the stacks, when the config names one. */
  readonly deployerRoleArn?: string;
  /** instanceQuarantine.networkAclDeny: only then may the roles add (quarantine) and delete (release) network ACL entries. */
  readonly networkAclDeny: boolean;
  /**
   * Hub mode: the role is a member's, assumed by the hub function. It then holds no call that can
   * open a network path (see {@link isolationOnlyStatements}); standalone, the account's own
   * function also makes the allow-all step (flows untracked) and may put an interface back.
   */
  readonly assumedByHub?: boolean;
}

const iamArn = (environment: AwsEnvironment, resource: string) => arnFor(environment, 'iam', resource, { global: true });

/**
 * Roles the guard must never change, even though it may attach its deny policy to "any role":
 * the guards' own roles, the deployer, the organization's and Control Tower's access roles, the
 * roles of IAM Identity Center (aws-reserved) and of AWS services. An explicit Deny wins over the
 * Allow, whatever the code asks for.
 */
export function protectedRoleArns(scope: QuarantinePermissionScope): string[] {
  const role = (name: string) => iamArn(scope.environment, `role/${name}`);
  return [
    role(`${scope.namePrefix}-*`),
    role('OrganizationAccountAccessRole'),
    role('AWSControlTowerExecution'),
    role('aws-reserved/*'),
    role('aws-service-role/*'),
    ...(scope.deployerRoleArn ? [scope.deployerRoleArn] : []),
  ];
}

/** The one policy the guard may attach or detach: `iam:PolicyARN` fences AttachRolePolicy/DetachRolePolicy. */
function revocationPolicyOnly(scope: QuarantinePermissionScope) {
  return { ArnEquals: { 'iam:PolicyARN': scope.revocationPolicyArn } };
}

/**
 * Exactly the API actions handlers/instance-quarantine calls, each scoped as far as the action
 * allows. `__tests__/modules/least-privilege.test.ts` derives the calls from the handler source and
 * fails when this list grants fewer or more. No statement can raise anyone's privileges: the only
 * IAM write attaches one Terraform-managed Deny policy, and never to a protected role.
 */
export function instanceQuarantineStatements(scope: QuarantinePermissionScope): PolicyStatement[] {
  const { environment } = scope;
  const ec2 = (resource: string) => arnFor(environment, 'ec2', resource);
  const anyInstance = ec2('instance/*');
  const anySecurityGroup = ec2('security-group/*');
  const anySnapshot = arnFor(environment, 'ec2', 'snapshot/*', { noAccount: true });
  return [
    {
      // Describe calls support no resource-level permissions; each call names one instance or VPC.
      sid: 'ReadInstanceAndNetworkFacts',
      actions: [
        'ec2:DescribeInstances',
        'ec2:DescribeIamInstanceProfileAssociations',
        'ec2:DescribeSecurityGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetHealth',
      ],
      resources: ['*'],
    },
    {
      // An alarm notification is checked against the real alarm before anything is done.
      sid: 'ReadOwnAlarms',
      actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
      resources: [arnFor(environment, 'cloudwatch', `alarm:${scope.alarmNamePrefix}*`)],
    },
    {
      // The alarm's evaluated datapoints are read back from its metric (a SetAlarmState call writes none);
      // GetMetricStatistics supports no resource-level permissions.
      sid: 'ReadAlarmMetric',
      actions: ['cloudwatch:GetMetricStatistics'],
      resources: ['*'],
    },
    {
      sid: 'ContainInstance',
      actions: ['ec2:CreateTags', 'ec2:DisassociateIamInstanceProfile', 'ec2:ModifyInstanceAttribute'],
      resources: [anyInstance],
    },
    {
      // Out of its Auto Scaling group and load balancers before isolation, so that failed health
      // checks do not get it terminated (with the evidence).
      sid: 'TakeOutOfServiceBeforeIsolation',
      actions: ['autoscaling:DetachInstances', 'autoscaling:EnterStandby'],
      resources: [arnFor(environment, 'autoscaling', 'autoScalingGroup:*:autoScalingGroupName/*')],
    },
    {
      sid: 'DeregisterFromTargetGroups',
      actions: ['elasticloadbalancing:DeregisterTargets'],
      resources: [arnFor(environment, 'elasticloadbalancing', 'targetgroup/*/*')],
    },
    {
      sid: 'CreateIsolationGroupsInVpcs',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [ec2('vpc/*')],
    },
    {
      // A new group only with the guard's tag given at creation: every group this role can make is
      // one the guard recognizes as its own, and the SCP's guards:* tag deny keeps others from faking it.
      sid: 'CreateTaggedIsolationGroupsOnly',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [anySecurityGroup],
      conditions: { StringEquals: { [`aws:RequestTag/${managedGroupTag.Key}`]: managedGroupTag.Value } },
    },
    {
      // Tags given at creation (TagSpecifications) need CreateTags on the new resource.
      sid: 'TagNewGroupsAndSnapshots',
      actions: ['ec2:CreateTags'],
      resources: [anySecurityGroup, anySnapshot],
      conditions: { StringEquals: { 'ec2:CreateAction': ['CreateSecurityGroup', 'CreateSnapshots'] } },
    },
    ...(scope.assumedByHub ? isolationOnlyStatements(environment) : allowAllStepStatements(environment)),
    {
      // One CreateSnapshots call: every volume of the instance at the same moment (crash-consistent).
      sid: 'SnapshotVolumesForForensics',
      actions: ['ec2:CreateSnapshots'],
      resources: [anyInstance, ec2('volume/*'), anySnapshot],
    },
    ...(scope.networkAclDeny
      ? [
          {
            // Not fenceable to the guard's own entries (README, security model): on only where the config says so.
            sid: 'DenyAddressesInNetworkAcls',
            actions: ['ec2:CreateNetworkAclEntry'],
            resources: [ec2('network-acl/*')],
          },
          {
            // Describe calls support no resource-level permissions; each call names one subnet.
            sid: 'FindNetworkAclOfSubnet',
            actions: ['ec2:DescribeNetworkAcls'],
            resources: ['*'],
          },
        ]
      : []),
    {
      sid: 'FindRoleOfInstanceProfile',
      actions: ['iam:GetInstanceProfile'],
      resources: [iamArn(environment, 'instance-profile/*')],
    },
    {
      // The only IAM write: attach the stack's Deny policy (no free text) to the role of the
      // profile associated with the instance, so that its issued credentials stop working.
      sid: 'AttachRevocationDenyOnly',
      actions: ['iam:AttachRolePolicy'],
      resources: [iamArn(environment, 'role/*')],
      conditions: revocationPolicyOnly(scope),
    },
    {
      sid: 'NeverTouchProtectedRoles',
      effect: 'Deny',
      actions: ['iam:AttachRolePolicy'],
      resources: protectedRoleArns(scope),
    },
    {
      sid: 'KeepOwnState',
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [scope.stateTableArn],
    },
    {
      sid: 'NotifyAlertTopic',
      actions: ['sns:Publish'],
      resources: [scope.alertTopicArn],
    },
  ];
}

/**
 * Standalone: the allow-all step (a fresh tagged group opened to all traffic, so that tracked flows
 * become untracked and the isolation group cuts them), and putting an interface back in its
 * recorded groups when the move to isolation fails.
 */
function allowAllStepStatements(environment: AwsEnvironment): PolicyStatement[] {
  const ec2 = (resource: string) => arnFor(environment, 'ec2', resource);
  return [
    {
      // Rules change, and the allow-all group is deleted, only on groups this guard created and tagged.
      sid: 'ChangeGuardGroupsOnly',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupEgress', 'ec2:DeleteSecurityGroup'],
      resources: [ec2('security-group/*')],
      conditions: { StringEquals: { [`aws:ResourceTag/${managedGroupTag.Key}`]: managedGroupTag.Value } },
    },
    {
      sid: 'MoveNetworkInterfaces',
      actions: ['ec2:ModifyNetworkInterfaceAttribute'],
      resources: [ec2('network-interface/*'), ec2('security-group/*'), ec2('instance/*')],
    },
  ];
}

/**
 * Hub mode: whoever holds the hub function's credentials may only isolate. No Authorize call at
 * all (the isolation group has no rule: its creation's default egress is revoked, nothing is
 * added), and an interface moves only into a group carrying the guard's tag, which only
 * CreateSecurityGroup with that tag makes and whose rules this role can only revoke. The Service
 * Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html)
 * lists `security-group` with `aws:ResourceTag/${TagKey}` as a resource of ModifyNetworkInterfaceAttribute
 * and of ModifyInstanceAttribute: each group a request names must match the statement. The
 * ContainInstance statement names instances only, so ModifyInstanceAttribute cannot change groups.
 */
function isolationOnlyStatements(environment: AwsEnvironment): PolicyStatement[] {
  const ec2 = (resource: string) => arnFor(environment, 'ec2', resource);
  const guardTagged = { StringEquals: { [`aws:ResourceTag/${managedGroupTag.Key}`]: managedGroupTag.Value } };
  return [
    {
      // The default egress rule of a new isolation group is revoked; no rule is ever added.
      sid: 'RevokeRulesOfGuardGroupsOnly',
      actions: ['ec2:RevokeSecurityGroupEgress'],
      resources: [ec2('security-group/*')],
      conditions: guardTagged,
    },
    {
      sid: 'MoveNetworkInterfaces',
      actions: ['ec2:ModifyNetworkInterfaceAttribute'],
      resources: [ec2('network-interface/*'), ec2('instance/*')],
    },
    {
      sid: 'MoveOnlyIntoGuardGroups',
      actions: ['ec2:ModifyNetworkInterfaceAttribute'],
      resources: [ec2('security-group/*')],
      conditions: guardTagged,
    },
  ];
}

/**
 * Exactly the API actions handlers/instance-quarantine-release calls. Release moves interfaces back
 * to the groups the state table recorded, detaches the Deny policy, and removes its own tags; it
 * cannot associate an instance profile (that needs iam:PassRole on arbitrary roles: escalation).
 */
export function instanceReleaseStatements(scope: QuarantinePermissionScope): PolicyStatement[] {
  const { environment } = scope;
  const ec2 = (resource: string) => arnFor(environment, 'ec2', resource);
  const anyInstance = ec2('instance/*');
  return [
    {
      sid: 'ReadInstanceFacts',
      actions: ['ec2:DescribeInstances', 'ec2:DescribeIamInstanceProfileAssociations'],
      resources: ['*'],
    },
    {
      sid: 'MoveNetworkInterfacesBack',
      actions: ['ec2:ModifyNetworkInterfaceAttribute'],
      resources: [ec2('network-interface/*'), ec2('security-group/*'), anyInstance],
    },
    {
      // Release removes only the guard's own tags. The Null condition makes a request without tag
      // keys match nothing, where ForAllValues alone would be true for an empty set.
      sid: 'RemoveQuarantineTags',
      actions: ['ec2:DeleteTags'],
      resources: [anyInstance],
      conditions: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['guards:*'] }, Null: { 'aws:TagKeys': 'false' } },
    },
    ...(scope.networkAclDeny
      ? [
          {
            // Deletes the entries the state table records, by ACL and rule number (README, security model).
            sid: 'RemoveRecordedNetworkAclDenies',
            actions: ['ec2:DeleteNetworkAclEntry'],
            resources: [ec2('network-acl/*')],
          },
          {
            // Checks that each recorded number still holds the guard's deny before deleting it.
            sid: 'ReadRecordedNetworkAcls',
            actions: ['ec2:DescribeNetworkAcls'],
            resources: ['*'],
          },
        ]
      : []),
    {
      sid: 'DetachRevocationDenyOnly',
      actions: ['iam:DetachRolePolicy'],
      resources: [iamArn(environment, 'role/*')],
      conditions: revocationPolicyOnly(scope),
    },
    {
      sid: 'NeverTouchProtectedRoles',
      effect: 'Deny',
      actions: ['iam:DetachRolePolicy'],
      resources: protectedRoleArns(scope),
    },
    ...releaseStateStatements(scope.stateTableArn),
    {
      sid: 'NotifyAlertTopic',
      actions: ['sns:Publish'],
      resources: [scope.alertTopicArn],
    },
  ];
}

/** Items whose partition key starts with one of `prefixes` only; a request naming no key matches nothing. */
function onlyKeysStartingWith(prefixes: readonly string[]) {
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) }, Null: { 'dynamodb:LeadingKeys': 'false' } };
}

/**
 * The release function's calls on the state table (standalone and hub alike), each fenced to the
 * items it needs: it drops role references, and deletes the record and the approval it used up.
 * Writing an approval is denied to it by the table's policy as well.
 */
export function releaseStateStatements(stateTableArn: string): PolicyStatement[] {
  return [
    { sid: 'ReadRecordAndApproval', actions: ['dynamodb:GetItem'], resources: [stateTableArn] },
    { sid: 'DropRoleReferences', actions: ['dynamodb:UpdateItem'], resources: [stateTableArn], conditions: onlyKeysStartingWith([stateKeyPrefixes.role]) },
    {
      sid: 'ForgetRecordAndUseUpApproval',
      actions: ['dynamodb:DeleteItem'],
      resources: [stateTableArn],
      conditions: onlyKeysStartingWith([stateKeyPrefixes.instance, releaseApproval.keyPrefix]),
    },
  ];
}
