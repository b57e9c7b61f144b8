/**
 * The CIS monitoring filter patterns as the documents print them, typed here by hand (never
 * produced by the code under test), each with its page. The cis-alarms guard must synthesize these
 * texts character for character: Security Hub's CloudWatch.1-14 "fail if the exact metric filters
 * prescribed by CIS are not used. Additional fields or terms cannot be added".
 */

/** Security Hub's CloudWatch controls (the remediation step of each names the pattern). */
const securityHubPage = 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html';

export interface DocumentedPattern {
  readonly url: string;
  readonly text: string;
}

export const documentedCisPatterns: Readonly<Record<string, DocumentedPattern>> = {
  // CIS v1.5-v5 4.1 adds two exclusions to Security Hub's CloudWatch.2 text (CIS v1.2 3.1, without them); quoted from the CIS remediation step:
  '4.1': {
    url: 'https://docs.datadoghq.com/security/default_rules/aws-iam-account-unauthorized-api-calls-should-be-monitored',
    text: '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  },
  '4.2': {
    url: `${securityHubPage}#cloudwatch-3`,
    text: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  '4.3': {
    url: `${securityHubPage}#cloudwatch-1`,
    text: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  '4.4': {
    url: `${securityHubPage}#cloudwatch-4`,
    text: '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
  },
  '4.5': {
    url: `${securityHubPage}#cloudwatch-5`,
    text: '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  },
  '4.6': { url: `${securityHubPage}#cloudwatch-6`, text: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}' },
  '4.7': {
    url: `${securityHubPage}#cloudwatch-7`,
    text: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  },
  '4.8': {
    url: `${securityHubPage}#cloudwatch-8`,
    text: '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  },
  '4.9': {
    url: `${securityHubPage}#cloudwatch-9`,
    text: '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  },
  '4.10': {
    url: `${securityHubPage}#cloudwatch-10`,
    text: '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  },
  '4.11': {
    url: `${securityHubPage}#cloudwatch-11`,
    text: '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
  },
  '4.12': {
    url: `${securityHubPage}#cloudwatch-12`,
    text: '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
  },
  '4.13': {
    url: `${securityHubPage}#cloudwatch-13`,
    text: '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
  },
  '4.14': {
    url: `${securityHubPage}#cloudwatch-14`,
    text: '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
  },
  // No Security Hub control checks 4.15; the CIS remediation step, as quoted (line continuations joined):
  '4.15': {
    url: 'https://docs.datadoghq.com/security/default_rules/aws-iam-account-aws-organizations-changes-should-be-monitored',
    text: '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
};
