import { Fn, Op, Token } from 'cdktf';
import { RegionLockdownScope, buildRegionDenyPolicy, regionDenyPolicyJson } from '../../handlers/region-lockdown/region-deny-policy';

/**
 * The region deny as the text of a Terraform-managed IAM policy. With literal settings (a guards
 * config) it is the shared builder's JSON, exactly; with an exported module's variables (the region
 * list as comma-separated text, the scope as a reference) the same document is built by Terraform
 * (`jsonencode` over `sort(distinct(split(...)))`), choosing the statement by scope at plan.
 */
export function denyPolicyDocumentText(allowedRegions: readonly string[] | string, scope: RegionLockdownScope | string): string {
  if (typeof allowedRegions !== 'string' && !Token.isUnresolved(scope)) {
    return regionDenyPolicyJson({ allowedRegions, scope: scope as RegionLockdownScope });
  }
  const regions = typeof allowedRegions === 'string' ? Fn.sort(Fn.distinct(Fn.split(',', allowedRegions))) : [...new Set(allowedRegions)].sort();
  const documentFor = (literalScope: RegionLockdownScope): string => {
    const literal = buildRegionDenyPolicy({ allowedRegions: ['us-east-1'], scope: literalScope });
    const statements = literal.Statement.map((statement) => ({
      ...statement,
      Condition: { ...statement.Condition, StringNotEquals: { 'aws:RequestedRegion': regions } },
    }));
    return Fn.jsonencode({ Version: literal.Version, Statement: statements });
  };
  if (!Token.isUnresolved(scope)) return documentFor(scope as RegionLockdownScope);
  return Token.asString(Fn.conditional(Op.eq(scope, 'all-regional'), documentFor('all-regional'), documentFor('ec2-changes')));
}
