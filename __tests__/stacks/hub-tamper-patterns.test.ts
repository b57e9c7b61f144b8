import { eventPatternLimit } from '../../modules/common/tamper-alert';
import { EventPattern } from '../../modules/common/event-pattern';
import { memberGuardResourceNames, memberTamperPatternSet, memberTamperPatterns, splitRuleName } from '../../modules/stacks/hub-tamper-patterns';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { guardRegistry } from '../../modules/stacks/guard-registry';
import { cloudTrailRecord, eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import * as path from 'node:path';

const organization = loadGuardsConfig(path.join(__dirname, '..', '..', 'examples', 'organization.yaml'));
const guards = (...names: string[]) => guardRegistry.filter((guard) => names.includes(guard.name));
const everyGuard = guards('instance-quarantine', 'region-lockdown', 'exposed-ports-rule', 'inactive-user-rule');
/** Whether one of a split set's rules matches the event, as the member's and the hub's rules together do. */
const anyMatches = (patterns: readonly EventPattern[], event: Record<string, unknown>) => patterns.some((pattern) => matchesEventPattern(pattern, event));
const memberTamperPattern = memberTamperPatternSet;

describe('the member tamper pattern (hub mode)', () => {
  it("fits EventBridge's 2,048 characters in the home region with the longest name prefix (32) and every guard", () => {
    const longest = { ...organization, name: 'a'.repeat(32) };
    const names = memberGuardResourceNames(longest, everyGuard);
    for (const isHomeRegion of [true, false]) {
      const patterns = memberTamperPatternSet(names, isHomeRegion);
      for (const pattern of patterns) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(eventPatternLimit);
    }
    // The shared silencing list does not fit one rule beside the rules and roles: it is split.
    expect(memberTamperPatternSet(names, true).length).toBeGreaterThan(1);
  });

  it('keeps every call of the set, in order, each in exactly one of its rules', () => {
    const names = memberGuardResourceNames(organization, everyGuard);
    const patterns = memberTamperPatternSet(names, true);
    const perCall = memberTamperPatterns(names, true);
    const inSplit = patterns.flatMap((pattern) => {
      const detail = pattern.detail as Record<string, unknown>;
      return (detail.$or as unknown[] | undefined) ?? [detail];
    });
    expect(inSplit).toEqual(perCall.map((pattern) => pattern.detail));
  });

  it('numbers the rules of a split set after the first and watches them all by the base name', () => {
    expect([0, 1, 2].map((index) => splitRuleName('guards-tamper-to-hub', index))).toEqual([
      'guards-tamper-to-hub',
      'guards-tamper-to-hub-2',
      'guards-tamper-to-hub-3',
    ]);
    const names = memberGuardResourceNames(organization, everyGuard);
    const deleteRule = (name: string) =>
      eventBridgeEnvelope({ ...cloudTrailRecord('hub/disable-forwarding-rule.json'), eventName: 'DeleteRule', requestParameters: { name } });
    expect(anyMatches(memberTamperPatternSet(names, false), deleteRule('guards-tamper-to-hub-2'))).toBe(true);
    expect(anyMatches(memberTamperPatternSet(names, false), deleteRule('guards-forward-to-hub'))).toBe(true);
    expect(anyMatches(memberTamperPatternSet(names, false), deleteRule('payments-nightly'))).toBe(false);
  });

  it("watches the calls that silence a guard (the shared list, tamper-events.ts) on the guards' resources only", () => {
    const names = memberGuardResourceNames(organization, everyGuard);
    // EventBridge names CloudWatch's source aws.cloudwatch (its CloudTrail source is monitoring.amazonaws.com).
    const alarmCall = (eventName: string, alarmName: string) => ({
      ...eventBridgeEnvelope({
        ...cloudTrailRecord('hub/disable-forwarding-rule.json'),
        eventSource: 'monitoring.amazonaws.com',
        eventName,
        requestParameters: { alarmNames: [alarmName] },
      }),
      source: 'aws.cloudwatch',
    });
    expect(anyMatches(memberTamperPatternSet(names, false), alarmCall('DisableAlarmActions', 'guards-quarantine-i-0abc1234def567890'))).toBe(true);
    expect(anyMatches(memberTamperPatternSet(names, false), alarmCall('DeleteAlarms', 'guards-quarantine-i-0abc1234def567890'))).toBe(true);
    expect(anyMatches(memberTamperPatternSet(names, false), alarmCall('DeleteAlarms', 'payments-latency'))).toBe(false);
  });

  it("matches the guards' roles and policies by the name prefix only, and IAM only in the home region", () => {
    const names = memberGuardResourceNames(organization, everyGuard);
    const onPolicy = (policyArn: string) =>
      eventBridgeEnvelope({
        ...cloudTrailRecord('hub/create-policy-version-on-deny.json'),
        requestParameters: { policyArn, policyDocument: '{}', setAsDefault: true },
      });
    expect(anyMatches(memberTamperPattern(names, true), onPolicy('arn:aws:iam::222222222222:policy/guards-region-lockdown-us-east-1'))).toBe(true);
    expect(anyMatches(memberTamperPattern(names, true), onPolicy('arn:aws:iam::222222222222:policy/team-guards-readonly'))).toBe(false);
    expect(anyMatches(memberTamperPattern(names, true), onPolicy('arn:aws:iam::aws:policy/AdministratorAccess'))).toBe(false);
    expect(anyMatches(memberTamperPattern(names, false), onPolicy('arn:aws:iam::222222222222:policy/guards-region-lockdown-us-east-1'))).toBe(false);
  });

  it("watches the Config guards' rules and the recorder only where Config guards run", () => {
    const withoutConfig = memberTamperPattern(memberGuardResourceNames(organization, guards('instance-quarantine')), false);
    expect(anyMatches(withoutConfig, eventBridgeEnvelope(cloudTrailRecord('hub/stop-configuration-recorder.json')))).toBe(false);
    expect(anyMatches(withoutConfig, eventBridgeEnvelope(cloudTrailRecord('hub/stop-organization-trail.json')))).toBe(true);
    const withConfig = memberTamperPattern(memberGuardResourceNames(organization, guards('exposed-ports-rule')), false);
    expect(anyMatches(withConfig, eventBridgeEnvelope(cloudTrailRecord('hub/stop-configuration-recorder.json')))).toBe(true);
    expect(anyMatches(withConfig, eventBridgeEnvelope(cloudTrailRecord('hub/delete-organization-config-rule.json')))).toBe(true);
  });

  it("gives the same calls as whole patterns for another rule's $or, none with an $or of its own", () => {
    const patterns = memberTamperPatterns({ ruleNames: [{ prefix: 'guards-tamper-to-hub' }] }, false);
    expect(patterns).toHaveLength(2);
    expect(JSON.stringify(patterns)).not.toContain('$or');
    expect(() => memberTamperPatternSet({ ruleNames: [] }, false)).toThrow(/no guard resource/);
  });
});
