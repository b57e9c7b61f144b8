import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** AWS Organizations changes; leaving the organization drops every organization-wide control at once. */
export const organizationsChanges = defineDetection({
  id: 'organizations-changes',
  title: 'AWS Organizations changed',
  why: 'Organization policies (SCPs), accounts and the organization trail govern every account; leaving the organization drops them all.',
  scope: 'global',
  eventSource: 'organizations.amazonaws.com',
  eventNames: [
    'AcceptHandshake',
    'AttachPolicy',
    'CreateAccount',
    'CreateOrganizationalUnit',
    'CreatePolicy',
    'DeclineHandshake',
    'DeleteOrganization',
    'DeleteOrganizationalUnit',
    'DeletePolicy',
    'DetachPolicy',
    'DisablePolicyType',
    'EnablePolicyType',
    'InviteAccountToOrganization',
    'LeaveOrganization',
    'MoveAccount',
    'RemoveAccountFromOrganization',
    'UpdatePolicy',
    'UpdateOrganizationalUnit',
  ],
  cis: ['4.15'],
  stratus: ['aws.defense-evasion.organizations-leave'],
  severity: 'high',
  describe: (record) =>
    resourceFacts(
      record,
      'organization resource',
      ['policyId', 'accountId', 'organizationalUnitId', 'name', 'handshakeId'],
      record.eventName === 'LeaveOrganization'
        ? [{ marker: 'LEAVES ORGANIZATION', reason: 'the account leaves the organization and its SCPs, organization trail and delegated security services' }]
        : [],
    ),
});
