import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { PolicyStatement } from '../common/iam-policy';
import { managedGroupTag } from '../../handlers/instance-quarantine/contract';

/**
 * Exactly the API actions handlers/instance-quarantine calls, each scoped as far as the action
 * allows. `__tests__/modules/least-privilege.test.ts` derives the calls from the handler source and
 * fails when this list grants fewer or more.
 */
export function instanceQuarantineStatements(environment: AwsEnvironment, alertTopicArn: string): PolicyStatement[] {
  const ec2 = (resource: string) => arnFor(environment, 'ec2', resource);
  const anyInstance = ec2('instance/*');
  const anySecurityGroup = ec2('security-group/*');
  const iam = (resource: string) => arnFor(environment, 'iam', resource, { global: true });
  return [
    {
      // Describe calls support no resource-level permissions; each call names one instance or VPC.
      sid: 'ReadInstanceAndNetworkFacts',
      actions: ['ec2:DescribeInstances', 'ec2:DescribeIamInstanceProfileAssociations', 'ec2:DescribeSecurityGroups'],
      resources: ['*'],
    },
    {
      sid: 'ContainInstance',
      actions: [
        'ec2:CreateTags',
        'ec2:DisassociateIamInstanceProfile',
        'ec2:AssociateIamInstanceProfile',
        'ec2:ModifyInstanceAttribute',
      ],
      resources: [anyInstance],
    },
    {
      // Release removes only the guard's own tags.
      sid: 'RemoveQuarantineTags',
      actions: ['ec2:DeleteTags'],
      resources: [anyInstance],
      conditions: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['guards:*'] } },
    },
    {
      sid: 'CreateIsolationGroups',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [anySecurityGroup, ec2('vpc/*')],
    },
    {
      // Tags given at creation (TagSpecifications) need CreateTags on the new resource.
      sid: 'TagNewGroupsAndSnapshots',
      actions: ['ec2:CreateTags'],
      resources: [anySecurityGroup, arnFor(environment, 'ec2', 'snapshot/*', { noAccount: true })],
      conditions: { StringEquals: { 'ec2:CreateAction': ['CreateSecurityGroup', 'CreateSnapshot'] } },
    },
    {
      // Rules change only on the groups this guard created and tagged.
      sid: 'ChangeRulesOfGuardGroupsOnly',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupEgress'],
      resources: [anySecurityGroup],
      conditions: { StringEquals: { [`aws:ResourceTag/${managedGroupTag.Key}`]: managedGroupTag.Value } },
    },
    {
      sid: 'MoveNetworkInterfaces',
      actions: ['ec2:ModifyNetworkInterfaceAttribute'],
      resources: [ec2('network-interface/*'), anySecurityGroup, anyInstance],
    },
    {
      sid: 'SnapshotVolumesForForensics',
      actions: ['ec2:CreateSnapshot'],
      resources: [ec2('volume/*'), arnFor(environment, 'ec2', 'snapshot/*', { noAccount: true })],
    },
    {
      sid: 'FindRoleOfInstanceProfile',
      actions: ['iam:GetInstanceProfile'],
      resources: [iam('instance-profile/*')],
    },
    {
      // The deny that revokes the instance's issued credentials goes on whichever role its profile
      // has, so any role of the account; IAM offers no condition on an inline policy's content.
      sid: 'RevokeInstanceCredentials',
      actions: ['iam:PutRolePolicy'],
      resources: [iam('role/*')],
    },
    {
      // Release re-associates the recorded instance profile, which passes its role to EC2 only.
      sid: 'PassRoleBackToInstanceOnRelease',
      actions: ['iam:PassRole'],
      resources: [iam('role/*')],
      conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    },
    {
      sid: 'NotifyAlertTopic',
      actions: ['sns:Publish'],
      resources: [alertTopicArn],
    },
  ];
}
