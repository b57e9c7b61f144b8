import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';
import { guardResourceDangers } from './record-facts';

/** IAM policies created, changed, attached or detached: who may do what. */
export const iamPolicyChanges = defineDetection({
  id: 'iam-policy-changes',
  title: 'IAM policy changed',
  why: "A policy change can grant an identity administrator rights, or remove the guards' denies.",
  scope: 'global',
  eventSource: 'iam.amazonaws.com',
  eventNames: [
    'DeleteGroupPolicy',
    'DeleteRolePolicy',
    'DeleteUserPolicy',
    'PutGroupPolicy',
    'PutRolePolicy',
    'PutUserPolicy',
    'CreatePolicy',
    'DeletePolicy',
    'CreatePolicyVersion',
    'DeletePolicyVersion',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'AttachUserPolicy',
    'DetachUserPolicy',
    'AttachGroupPolicy',
    'DetachGroupPolicy',
  ],
  cis: ['4.4'],
  stratus: ['aws.persistence.iam-create-admin-user', 'aws.persistence.iam-create-backdoor-role'],
  severity: 'medium',
  describe: (record, { namePrefix }) => {
    const target = ['userName', 'roleName', 'groupName', 'policyArn', 'policyName']
      .map((name) => record.requestParameters?.[name])
      .find((value) => typeof value === 'string');
    const admin = String(record.requestParameters?.policyArn ?? '').endsWith(':policy/AdministratorAccess')
      ? [{ marker: 'ADMIN', reason: 'AdministratorAccess is attached' }]
      : [];
    return resourceFacts(
      record,
      'identity or policy',
      ['userName', 'roleName', 'groupName', 'policyArn', 'policyName'],
      [...admin, ...guardResourceDangers(typeof target === 'string' ? target : undefined, namePrefix, 'the identity or policy')],
    );
  },
});
