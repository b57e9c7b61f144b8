import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { SecurityGroupFacts, securityGroupFromEc2 } from './security-group-facts';

/** EC2 accepts at most 200 values in one filter. */
const filterValuesPerCall = 200;
/** The largest page DescribeSecurityGroups returns. */
const groupsPerPage = 1000;

/**
 * The current rules of the named groups. A filter, not `GroupIds`: a group deleted since the
 * instance's configuration item was recorded is simply absent instead of failing the call.
 */
export async function describeSecurityGroups(ec2: EC2Client, groupIds: readonly string[]): Promise<SecurityGroupFacts[]> {
  const groups: SecurityGroupFacts[] = [];
  for (let start = 0; start < groupIds.length; start += filterValuesPerCall) {
    const values = groupIds.slice(start, start + filterValuesPerCall);
    let nextToken: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [...values] }], NextToken: nextToken, MaxResults: groupsPerPage }),
      );
      groups.push(...(page.SecurityGroups ?? []).map(securityGroupFromEc2));
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return groups;
}

/** Every security group of the region, page by page (1,000 per call), handed to `eachPage` as it arrives. */
export async function forEachSecurityGroupPage(ec2: EC2Client, eachPage: (groups: SecurityGroupFacts[]) => void): Promise<void> {
  let nextToken: string | undefined;
  do {
    const page = await ec2.send(new DescribeSecurityGroupsCommand({ NextToken: nextToken, MaxResults: groupsPerPage }));
    eachPage((page.SecurityGroups ?? []).map(securityGroupFromEc2));
    nextToken = page.NextToken;
  } while (nextToken);
}
