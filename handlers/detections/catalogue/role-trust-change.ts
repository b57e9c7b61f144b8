import { memberAt } from '../../common/cloudtrail-record';
import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';
import { allowedPrincipals, guardResourceDangers, policyDocument, principalDangers } from './record-facts';

/** A role's trust policy replaced; an outside principal in it is a backdoor into the account. */
export const roleTrustChange = defineDetection({
  id: 'role-trust-change',
  title: 'Role trust policy changed',
  why: 'Whoever the trust policy names can assume the role; an outside account there is a backdoor.',
  scope: 'global',
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UpdateAssumeRolePolicy'],
  cis: [],
  stratus: ['aws.persistence.iam-backdoor-role'],
  severity: 'high',
  describe: (record, { namePrefix }) => {
    const document = policyDocument(memberAt(record.requestParameters, 'policyDocument'));
    const principals = allowedPrincipals(document);
    const roleName = typeof record.requestParameters?.roleName === 'string' ? record.requestParameters.roleName : undefined;
    return resourceFacts(
      record,
      'role',
      ['roleName'],
      [...principalDangers(principals, record, 'the trust policy'), ...guardResourceDangers(roleName, namePrefix, 'the role')],
      [{ label: 'Trusted principals', value: principals }],
    );
  },
});
