/**
 * One request simulated by an IAM policy evaluator (@cloud-copilot/iam-simulate, a dev dependency)
 * under a service control policy of the account, with AdministratorAccess as the identity policy
 * (what the SCP alone allows or denies) unless the caller gives another.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';

const allowEverything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export async function decideUnderScp(
  scp: { readonly name: string; readonly policy: Record<string, unknown> },
  accountId: string,
  request: { principal: string; action: string; resource: string; context?: Record<string, string | string[]> },
  identityPolicy: { readonly name: string; readonly policy: Record<string, unknown> } = { name: 'AdministratorAccess', policy: allowEverything },
): Promise<string> {
  // A KMS key's policy must allow the account: like the guards' key (AccountAdministersKeyThroughIam).
  const keyPolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  };
  const response = await runSimulation(
    {
      ...(request.action.startsWith('kms:') ? { resourcePolicy: keyPolicy } : {}),
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId },
        contextVariables: { 'aws:PrincipalArn': request.principal, ...request.context },
      },
      identityPolicies: [identityPolicy],
      serviceControlPolicies: [
        { orgIdentifier: 'r-abcd', policies: [{ name: 'FullAWSAccess', policy: allowEverything }] },
        { orgIdentifier: accountId, policies: [{ name: 'FullAWSAccess', policy: allowEverything }, scp] },
      ],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}
