import { readQuarantineEnvironment, writeQuarantineEnvironment, writeReleaseEnvironment } from '../../../handlers/instance-quarantine/contract';
import { readLockdownEnvironment, writeLockdownEnvironment } from '../../../handlers/region-lockdown/contract';
import { instanceQuarantineDefaults } from '../../../modules/instance-quarantine/settings';

/** The values a standalone instance-quarantine construct writes, its settings at their defaults. */
const quarantineValues = {
  ...instanceQuarantineDefaults,
  alertTopicArn: 'arn:aws:sns:eu-west-1:111122223333:guards-alerts',
  serviceName: 'instance-quarantine',
  stateTableName: 'guards-quarantine-state',
  revocationPolicyArn: 'arn:aws:iam::111122223333:policy/guards-quarantine-revoke-instance-sessions-eu-west-1',
  isolationGroupName: 'guards-quarantine-isolation',
  allowAllGroupName: 'guards-quarantine-allow-all',
  alarmNamePrefix: 'guards-quarantine-',
  networkAclRuleFrom: instanceQuarantineDefaults.networkAclRuleNumbers.from,
  networkAclRuleTo: instanceQuarantineDefaults.networkAclRuleNumbers.to,
} as const;

describe('an environment contract', () => {
  it('reads back exactly what the writer wrote', () => {
    const written = writeQuarantineEnvironment({
      ...quarantineValues,
      exemptInstanceIds: ['i-0123456789abcdef0', 'i-0fedcba9876543210'],
      guardDutyMinSeverity: 4.5,
    });
    expect(written).toMatchObject({
      EXEMPT_INSTANCE_IDS: 'i-0123456789abcdef0,i-0fedcba9876543210',
      GUARDDUTY_MIN_SEVERITY: '4.5',
      SNAPSHOT_VOLUMES: 'true',
      DRY_RUN: 'false',
    });
    expect(readQuarantineEnvironment(written)).toEqual({
      alertTopicArn: quarantineValues.alertTopicArn,
      serviceName: 'instance-quarantine',
      dryRun: false,
      stateTableName: quarantineValues.stateTableName,
      revocationPolicyArn: quarantineValues.revocationPolicyArn,
      exemptInstanceIds: ['i-0123456789abcdef0', 'i-0fedcba9876543210'],
      trustExemptTag: false,
      exemptTagKey: 'guards:quarantine-exempt',
      snapshotVolumes: true,
      autoScalingAction: 'detach',
      fleetThreshold: 5,
      fleetMaxQuarantinesPerHour: 10,
      guardDutyMinSeverity: 4.5,
      alarmNamePrefix: 'guards-quarantine-',
      metricNamespace: 'SecurityGuards/InstanceQuarantine',
      isolationGroupName: 'guards-quarantine-isolation',
      allowAllGroupName: 'guards-quarantine-allow-all',
      networkAclDeny: false,
      networkAclRuleFrom: 1,
      networkAclRuleTo: 20,
      // The trigger gates, as the settings' defaults give them (read back from the same text).
      maxQuarantinesPerHour: 20,
      guardDutyActOnTypes: [...instanceQuarantineDefaults.guardDutyActOnTypes],
      guardDutyApprovalTypes: [...instanceQuarantineDefaults.guardDutyApprovalTypes],
      guardDutyNotifyTypes: [...instanceQuarantineDefaults.guardDutyNotifyTypes],
    });
    expect(written.GUARDDUTY_ACT_ON_TYPES).toBe(
      'Backdoor:EC2/*,CryptoCurrency:EC2/*,Trojan:EC2/*,UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS,UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS',
    );
  });

  it('writes an empty list as an empty variable, which reads back as an empty list (not as missing)', () => {
    const written = writeQuarantineEnvironment(quarantineValues);
    expect(written.EXEMPT_INSTANCE_IDS).toBe('');
    expect(readQuarantineEnvironment(written).exemptInstanceIds).toEqual([]);
  });

  it('has no defaults: a missing variable fails with its name', () => {
    const { FLEET_THRESHOLD: _left, ...written } = writeQuarantineEnvironment(quarantineValues);
    expect(() => readQuarantineEnvironment(written)).toThrow('FLEET_THRESHOLD environment variable is not set');
    expect(() => readQuarantineEnvironment({ ...written, FLEET_THRESHOLD: '' })).toThrow('FLEET_THRESHOLD environment variable is not set');
  });

  it('names the variable and the value that is out of range or of the wrong kind', () => {
    const written = writeQuarantineEnvironment(quarantineValues);
    expect(() => readQuarantineEnvironment({ ...written, GUARDDUTY_MIN_SEVERITY: '11' })).toThrow(
      'GUARDDUTY_MIN_SEVERITY environment variable must be a number from 0 to 10, not "11"',
    );
    expect(() => readQuarantineEnvironment({ ...written, DRY_RUN: 'yes' })).toThrow('DRY_RUN environment variable must be "true" or "false", not "yes"');
    expect(() => readQuarantineEnvironment({ ...written, AUTO_SCALING_ACTION: 'terminate' })).toThrow(
      'AUTO_SCALING_ACTION environment variable must be "detach" or "standby", not "terminate"',
    );
  });

  it('leaves out an optional variable of the other deployment mode', () => {
    const hub = writeReleaseEnvironment({
      alertTopicArn: quarantineValues.alertTopicArn,
      serviceName: 'instance-quarantine-release',
      dryRun: true,
      stateTableName: 'x',
      revocationPolicyName: 'guards-quarantine-revoke',
      releaseApprovers: [],
      releaseApprovalMaxAgeMinutes: 60,
    });
    expect(hub).toEqual({
      ALERT_TOPIC_ARN: quarantineValues.alertTopicArn,
      POWERTOOLS_SERVICE_NAME: 'instance-quarantine-release',
      DRY_RUN: 'true',
      STATE_TABLE_NAME: 'x',
      REVOCATION_POLICY_NAME: 'guards-quarantine-revoke',
      RELEASE_APPROVERS: '',
      RELEASE_APPROVAL_MAX_AGE_MINUTES: '60',
    });
  });

  it("writes a Terraform reference through the construct's textOf, and a list given as one reference as it is", () => {
    const textOf = (value: string | number | boolean) => `<${String(value)}>`;
    const written = writeLockdownEnvironment(
      {
        alertTopicArn: 'arn',
        serviceName: 'region-lockdown',
        dryRun: false,
        allowedRegions: '${var.allowed_regions}' as unknown as readonly string[],
        scope: 'ec2-changes',
        policyArns: ['${aws_iam_policy.deny.arn}'],
        exemptPathPrefixes: [],
        exemptTagKey: 'guards:region-lockdown-exempt',
      },
      textOf,
    );
    expect(written).toMatchObject({
      DRY_RUN: '<false>',
      ALLOWED_REGIONS: '<${var.allowed_regions}>',
      POLICY_ARNS: '${aws_iam_policy.deny.arn}',
      EXEMPT_PATH_PREFIXES: '',
    });
  });

  it("keeps region-lockdown's checks of its lists", () => {
    const written = writeLockdownEnvironment({
      alertTopicArn: 'arn:aws:sns:us-east-1:111122223333:guards-alerts',
      serviceName: 'region-lockdown',
      dryRun: false,
      allowedRegions: ['us-east-1', 'eu-west-1'],
      scope: 'all-regional',
      policyArns: ['arn:aws:iam::111122223333:policy/guards-region-lockdown-us-east-1'],
      exemptPathPrefixes: ['/break-glass/'],
      exemptTagKey: 'guards:region-lockdown-exempt',
    });
    expect(readLockdownEnvironment(written)).toMatchObject({
      allowedRegions: ['us-east-1', 'eu-west-1'],
      scope: 'all-regional',
      exemptPathPrefixes: ['/break-glass/'],
    });
    expect(() => readLockdownEnvironment({ ...written, ALLOWED_REGIONS: ',' })).toThrow(
      'ALLOWED_REGIONS environment variable must be a comma-separated list of region codes',
    );
  });
});
