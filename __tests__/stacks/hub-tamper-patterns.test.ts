import { eventPatternLimit } from '../../modules/common/tamper-alert';
import { memberGuardResourceNames, memberTamperPattern, memberTamperPatterns } from '../../modules/stacks/hub-tamper-patterns';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { guardRegistry } from '../../modules/stacks/guard-registry';
import { cloudTrailRecord, eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import * as path from 'node:path';

const organization = loadGuardsConfig(path.join(__dirname, '..', '..', 'examples', 'organization.yaml'));
const guards = (...names: string[]) => guardRegistry.filter((guard) => names.includes(guard.name));
const everyGuard = guards('instance-quarantine', 'region-lockdown', 'exposed-ports-rule', 'inactive-user-rule');

describe('the member tamper pattern (hub mode)', () => {
  it("fits EventBridge's 2,048 characters in the home region with the longest name prefix (32) and every guard", () => {
    const longest = { ...organization, name: 'a'.repeat(32) };
    const names = memberGuardResourceNames(longest, everyGuard);
    expect(JSON.stringify(memberTamperPattern(names, true)).length).toBeLessThanOrEqual(eventPatternLimit);
    expect(JSON.stringify({ ...memberTamperPattern(names, false), region: [{ 'anything-but': 'ap-southeast-7' }] }).length).toBeLessThanOrEqual(
      eventPatternLimit,
    );
  });

  it("matches the guards' roles and policies by the name prefix only, and IAM only in the home region", () => {
    const names = memberGuardResourceNames(organization, everyGuard);
    const onPolicy = (policyArn: string) =>
      eventBridgeEnvelope({
        ...cloudTrailRecord('hub/create-policy-version-on-deny.json'),
        requestParameters: { policyArn, policyDocument: '{}', setAsDefault: true },
      });
    expect(matchesEventPattern(memberTamperPattern(names, true), onPolicy('arn:aws:iam::222222222222:policy/guards-region-lockdown-us-east-1'))).toBe(true);
    expect(matchesEventPattern(memberTamperPattern(names, true), onPolicy('arn:aws:iam::222222222222:policy/team-guards-readonly'))).toBe(false);
    expect(matchesEventPattern(memberTamperPattern(names, true), onPolicy('arn:aws:iam::aws:policy/AdministratorAccess'))).toBe(false);
    expect(matchesEventPattern(memberTamperPattern(names, false), onPolicy('arn:aws:iam::222222222222:policy/guards-region-lockdown-us-east-1'))).toBe(false);
  });

  it("watches the Config guards' rules and the recorder only where Config guards run", () => {
    const withoutConfig = memberTamperPattern(memberGuardResourceNames(organization, guards('instance-quarantine')), false);
    expect(matchesEventPattern(withoutConfig, eventBridgeEnvelope(cloudTrailRecord('hub/stop-configuration-recorder.json')))).toBe(false);
    expect(matchesEventPattern(withoutConfig, eventBridgeEnvelope(cloudTrailRecord('hub/stop-organization-trail.json')))).toBe(true);
    const withConfig = memberTamperPattern(memberGuardResourceNames(organization, guards('exposed-ports-rule')), false);
    expect(matchesEventPattern(withConfig, eventBridgeEnvelope(cloudTrailRecord('hub/stop-configuration-recorder.json')))).toBe(true);
    expect(matchesEventPattern(withConfig, eventBridgeEnvelope(cloudTrailRecord('hub/delete-organization-config-rule.json')))).toBe(true);
  });

  it("gives the same calls as whole patterns for another rule's $or, none with an $or of its own", () => {
    const patterns = memberTamperPatterns({ ruleNames: ['guards-tamper-to-hub'] }, false);
    expect(patterns).toHaveLength(2);
    expect(JSON.stringify(patterns)).not.toContain('$or');
    expect(() => memberTamperPattern({ ruleNames: [] }, false)).toThrow(/no guard resource/);
  });
});
