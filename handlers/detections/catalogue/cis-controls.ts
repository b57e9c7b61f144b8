/**
 * The 15 monitoring controls of the CIS AWS Foundations Benchmark (v3-v5 4.1-4.15, v6 5.1-5.15):
 * each with the exact metric filter pattern CIS prescribes (Security Hub's CloudWatch.1-14 fail on
 * any other text), and the detection or guard that sends the readable alert for the same calls.
 * Pure data: the cis-alarms construct writes the patterns; tests compare them with the documents.
 */
import { CisControlId } from './detection';

export interface CisControl {
  readonly id: CisControlId;
  /** The number of the same control in CIS v6 (section 5). */
  readonly v6Id: string;
  /** The Security Hub control that checks it, where one exists (4.15 has none). */
  readonly securityHubControl: string | undefined;
  readonly title: string;
  /** Metric and alarm name part, e.g. `UnauthorizedAPICalls`. */
  readonly metricName: string;
  readonly filterPattern: string;
  /** Who sends the readable alert of the same calls: a detection id, or another guard. */
  readonly readableAlert: { readonly detection: string } | { readonly guard: 'signin-alert' | 'sg-change-alert' };
}

export const cisControls: readonly CisControl[] = [
  {
    id: '4.1',
    v6Id: '5.1',
    securityHubControl: 'CloudWatch.2',
    title: 'Unauthorized API calls',
    metricName: 'UnauthorizedAPICalls',
    // CIS's pattern since v1.5, with its two exclusions (log delivery, S3 HeadBucket probes).
    filterPattern:
      '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
    readableAlert: { detection: 'unauthorized-api-calls' },
  },
  {
    id: '4.2',
    v6Id: '5.2',
    securityHubControl: 'CloudWatch.3',
    title: 'Management Console sign-in without MFA',
    metricName: 'ConsoleSigninWithoutMFA',
    filterPattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    readableAlert: { guard: 'signin-alert' },
  },
  {
    id: '4.3',
    v6Id: '5.3',
    securityHubControl: 'CloudWatch.1',
    title: 'Usage of the root user',
    metricName: 'RootAccountUsage',
    filterPattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    readableAlert: { detection: 'root-usage' },
  },
  {
    id: '4.4',
    v6Id: '5.4',
    securityHubControl: 'CloudWatch.4',
    title: 'IAM policy changes',
    metricName: 'IAMPolicyChanges',
    filterPattern:
      '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
    readableAlert: { detection: 'iam-policy-changes' },
  },
  {
    id: '4.5',
    v6Id: '5.5',
    securityHubControl: 'CloudWatch.5',
    title: 'CloudTrail configuration changes',
    metricName: 'CloudTrailChanges',
    filterPattern:
      '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    readableAlert: { detection: 'cloudtrail-changes' },
  },
  {
    id: '4.6',
    v6Id: '5.6',
    securityHubControl: 'CloudWatch.6',
    title: 'Management Console authentication failures',
    metricName: 'ConsoleAuthenticationFailures',
    filterPattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    readableAlert: { guard: 'signin-alert' },
  },
  {
    id: '4.7',
    v6Id: '5.7',
    securityHubControl: 'CloudWatch.7',
    title: 'Disabling or scheduled deletion of customer managed keys',
    metricName: 'DisableOrDeleteCMK',
    filterPattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    readableAlert: { detection: 'kms-key-disable-or-deletion' },
  },
  {
    id: '4.8',
    v6Id: '5.8',
    securityHubControl: 'CloudWatch.8',
    title: 'S3 bucket policy changes',
    metricName: 'S3BucketPolicyChanges',
    filterPattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    readableAlert: { detection: 's3-bucket-policy-changes' },
  },
  {
    id: '4.9',
    v6Id: '5.9',
    securityHubControl: 'CloudWatch.9',
    title: 'AWS Config configuration changes',
    metricName: 'AWSConfigChanges',
    filterPattern:
      '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    readableAlert: { detection: 'config-changes' },
  },
  {
    id: '4.10',
    v6Id: '5.10',
    securityHubControl: 'CloudWatch.10',
    title: 'Security group changes',
    metricName: 'SecurityGroupChanges',
    filterPattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    readableAlert: { guard: 'sg-change-alert' },
  },
  {
    id: '4.11',
    v6Id: '5.11',
    securityHubControl: 'CloudWatch.11',
    title: 'Network Access Control List (NACL) changes',
    metricName: 'NACLChanges',
    filterPattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    readableAlert: { detection: 'nacl-changes' },
  },
  {
    id: '4.12',
    v6Id: '5.12',
    securityHubControl: 'CloudWatch.12',
    title: 'Network gateway changes',
    metricName: 'NetworkGatewayChanges',
    filterPattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    readableAlert: { detection: 'network-gateway-changes' },
  },
  {
    id: '4.13',
    v6Id: '5.13',
    securityHubControl: 'CloudWatch.13',
    title: 'Route table changes',
    metricName: 'RouteTableChanges',
    filterPattern:
      '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    readableAlert: { detection: 'route-table-changes' },
  },
  {
    id: '4.14',
    v6Id: '5.14',
    securityHubControl: 'CloudWatch.14',
    title: 'VPC changes',
    metricName: 'VPCChanges',
    filterPattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
    readableAlert: { detection: 'vpc-changes' },
  },
  {
    id: '4.15',
    v6Id: '5.15',
    securityHubControl: undefined,
    title: 'AWS Organizations changes',
    metricName: 'OrganizationsChanges',
    filterPattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    readableAlert: { detection: 'organizations-changes' },
  },
];
