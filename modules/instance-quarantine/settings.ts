import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';
import { ec2InstanceId, logGroupName, logRetentionDays, tagKey } from '../common/schema-parts';
import { withTerraformCheck } from '../common/terraform-checks';
import { networkAclRuleNumberLimits } from '../../handlers/instance-quarantine/contract';

/** An instance watched by the classic alarm flow, with the log group only it writes to. */
export interface AlarmedInstance {
  /** The instance to quarantine when its alarm fires, e.g. `i-0123456789abcdef0`. */
  readonly instanceId: string;
  /**
   * The log group that this instance alone writes its application log to. A metric filter counts
   * every matching line in the group, so sharing it would blame this instance for others' lines.
   */
  readonly logGroupName: string;
}

/** A range of network ACL rule numbers, inclusive. */
export interface NetworkAclRuleNumbers {
  readonly from: number;
  readonly to: number;
}

/**
 * What the instance-quarantine guard does and when. The same keys are written under
 * `guards.instanceQuarantine` in the guards config.
 */
export interface InstanceQuarantineSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /** Report the containment plan without changing anything. @default false */
  readonly dryRun?: boolean;
  /** Snapshot every attached EBS volume for forensics. @default true */
  readonly snapshotVolumes?: boolean;
  /** Instances that are never quarantined, by id: the exemption the watched account cannot forge. @default [] */
  readonly exemptInstanceIds?: readonly string[];
  /**
   * Honour `exemptTagKey` at all. Off by default: anyone who may tag an instance could exempt it.
   * Turn it on only where tag writes of that key are denied to everyone but trusted principals
   * (for example by a service control policy on `ec2:CreateTags` with `aws:TagKeys`).
   * @default false
   */
  readonly trustExemptTag?: boolean;
  /** With `trustExemptTag`, instances carrying this tag (any value but `false`) are never quarantined. @default 'guards:quarantine-exempt' */
  readonly exemptTagKey?: string;
  /**
   * How an instance leaves its Auto Scaling group before it is isolated, so that failed health
   * checks do not make the group terminate it and the evidence: `detach` (the group launches a
   * replacement) or `standby` (the group keeps its capacity count and does not replace it).
   * @default 'detach'
   */
  readonly autoScalingAction?: 'detach' | 'standby';
  /**
   * Fleet flow: the most quarantines it starts in one clock hour in this account and region;
   * beyond that it alerts instead of acting, so that forged log lines cannot isolate a fleet.
   * @default 10
   */
  readonly fleetMaxQuarantinesPerHour?: number;
  /**
   * IAM roles and users (plain ARNs, in the account of the state table: the stack's account, or the
   * hub account in hub mode) that may approve a release. A release happens only after one of them
   * writes an approval item to the state table, whose resource policy denies that write to everyone
   * else, the guard's own roles included. Empty: every release is refused, with a report saying how
   * to configure approvers.
   * @default []
   */
  readonly releaseApprovers?: readonly string[];
  /** Minutes an approval stays valid after its `approvedAt`. @default 60 */
  readonly releaseApprovalMaxAgeMinutes?: number;
  /**
   * After isolation, add a DENY entry (inbound and outbound, all protocols) for each of the
   * instance's private addresses to the network ACL of each of its subnets. Cuts the flows AWS
   * always tracks (NAT gateway, NLB, GWLB, Transit Gateway, interface endpoints), which survive the
   * security-group swap. Off by default: network ACLs are per subnet and their rule numbers are
   * shared with the subnet's own rules, and the permission cannot be fenced to the guard's entries
   * (README, security model).
   * @default false
   */
  readonly networkAclDeny?: boolean;
  /**
   * With `networkAclDeny`, the rule numbers the guard may use (inclusive): a low range, so that the
   * denies are evaluated before the subnet's own rules. Keep it free of your own entries; the guard
   * never replaces an entry, and fails the step when the range is full.
   * @default { from: 1, to: 20 }
   */
  readonly networkAclRuleNumbers?: NetworkAclRuleNumbers;
  /** CloudWatch Logs filter pattern of a suspicious application log line. @default '401' */
  readonly filterPattern?: string;
  /** Log group of the fleet's application logs, one stream per instance id. @default '/guards/instance-quarantine/application' */
  readonly logGroupName?: string;
  /** Create the application log groups (fleet and alarm ones); off when they exist already. @default true */
  readonly createLogGroups?: boolean;
  /** Retention of the log groups the guard creates. @default 90 */
  readonly logRetentionDays?: number;
  /** Namespace of the alarm flow's metrics. @default 'SecurityGuards/InstanceQuarantine' */
  readonly metricNamespace?: string;

  /** (a) Classic flow: metric filter, one alarm per instance, alert topic, function. @default true */
  readonly alarmTrigger?: boolean;
  /** The instances the alarm flow watches. @default [] */
  readonly alarmInstances?: readonly AlarmedInstance[];
  /** Matching lines within one period that fire an instance's alarm. @default 5 */
  readonly alarmThreshold?: number;
  /** Alarm period in seconds (10, 30 or a multiple of 60). @default 60 */
  readonly alarmPeriodSeconds?: number;
  /** @default 1 */
  readonly alarmEvaluationPeriods?: number;

  /** (b) Fleet flow: a subscription filter on `logGroupName`; the stream name is the instance id. @default true */
  readonly fleetTrigger?: boolean;
  /** Matching lines in one delivery batch that quarantine the stream's instance. @default 5 */
  readonly fleetThreshold?: number;

  /** (c) GuardDuty findings about an EC2 instance, through EventBridge. @default true */
  readonly guardDutyTrigger?: boolean;
  /** Lowest finding severity (0-10) that quarantines; 7 is GuardDuty's "high". @default 7 */
  readonly guardDutyMinSeverity?: number;
  /**
   * GuardDuty finding types that quarantine at once: exact types, or prefixes ending in `*`. The
   * longest matching entry of the three lists decides; a type no list names only alerts.
   * Default: backdoor, crypto-mining and trojan findings, and stolen instance credentials.
   * @default ['Backdoor:EC2/*', 'CryptoCurrency:EC2/*', 'Trojan:EC2/*', 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS']
   */
  readonly guardDutyActOnTypes?: readonly string[];
  /**
   * Finding types that record a pending quarantine and alert with the command that approves it.
   * Default: DNS-only findings, and findings whose instance may be the target rather than the actor.
   * @default ['Backdoor:EC2/C&CActivity.B!DNS', 'CryptoCurrency:EC2/BitcoinTool.B!DNS', 'Trojan:EC2/BlackholeTraffic!DNS', 'Trojan:EC2/DGADomainRequest.B', 'Trojan:EC2/DGADomainRequest.C!DNS', 'Trojan:EC2/DNSDataExfiltration', 'Trojan:EC2/DriveBySourceTraffic!DNS', 'Trojan:EC2/DropPoint!DNS', 'Trojan:EC2/PhishingDomainRequest!DNS', 'UnauthorizedAccess:EC2/*', 'Impact:EC2/*']
   */
  readonly guardDutyApprovalTypes?: readonly string[];
  /** Finding types that only alert (reconnaissance, pen-test tools). @default ['Recon:EC2/*', 'PenTest:*', 'Discovery:*'] */
  readonly guardDutyNotifyTypes?: readonly string[];
  /**
   * New quarantines per account and clock hour, whatever the trigger (alarm, fleet, GuardDuty,
   * manual); beyond that the function alerts instead of acting, so that forged or mass triggers
   * cannot isolate a fleet.
   * @default 20
   */
  readonly maxQuarantinesPerHour?: number;
  /**
   * Concurrent executions Lambda keeps for the quarantine function (reserved concurrency): a burst of
   * other functions cannot starve it, and it cannot starve them. 1 to 900: Lambda leaves 100 of an
   * account's concurrency (1,000 unless raised) unreserved
   * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html). In hub mode one
   * function serves every member: an organization-wide setting.
   * @default 10
   */
  readonly reservedConcurrency?: number;

  /** Install and configure the CloudWatch agent with SSM on tagged instances. @default false */
  readonly agentSetup?: boolean;
  /** The application log file the agent ships. @default '/home/ec2-user/record.log' */
  readonly agentLogFilePath?: string;
  /** Tag key that selects the instances the agent is set up on. @default 'guards:cloudwatch-agent' */
  readonly agentTargetTagKey?: string;
  /** Tag value that selects them. @default 'enabled' */
  readonly agentTargetTagValue?: string;
}

/** A count of lines or quarantines. The exported module checks the lower bound, as it was published. */
/** Lambda reserves at most an account's concurrency less the 100 it keeps unreserved: 900 of the default 1,000. */
const reservedConcurrency = withTerraformCheck(z.number().int().min(1).max(900), {
  condition: (reference) => `${reference} >= 1 && ${reference} <= 900 && floor(${reference}) == ${reference}`,
  mustBe: 'must be a whole number from 1 to 900 (Lambda keeps 100 of the default 1,000 concurrent executions unreserved)',
});

const wholeCount = withTerraformCheck(z.number().int().min(1).max(10000), {
  condition: (reference) => `${reference} >= 1 && floor(${reference}) == ${reference}`,
  mustBe: 'must be a whole number >= 1',
});

const severity = withTerraformCheck(z.number().min(0).max(10), {
  condition: (reference) => `${reference} >= 0 && ${reference} <= 10`,
  mustBe: 'must be between 0 and 10',
});

/**
 * An approver as `aws:PrincipalArn` names it: a role's ARN (with its path), never the ARN of one of
 * its sessions, or a user's ARN. No wildcards: each approver is a named principal.
 */
const releaseApproverArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@\-/]+$/,
    'must be the ARN of an IAM role or user, e.g. arn:aws:iam::123456789012:role/security-oncall (not an assumed-role session ARN, no wildcards)',
  );

/**
 * The safe defaults of the GuardDuty gates (issue 19): act on findings that say the instance itself
 * runs something hostile or its credentials are used elsewhere; ask a person where the finding is
 * DNS-only (any process, or a forged resolver answer, can make the query) or the instance may be
 * the target rather than the actor (brute force against it, its metadata rebinding); only alert
 * on reconnaissance and pen-test tool findings.
 */
export const guardDutyGateDefaults = {
  act: [
    'Backdoor:EC2/*',
    'CryptoCurrency:EC2/*',
    'Trojan:EC2/*',
    'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS',
  ] as readonly string[],
  approval: [
    'Backdoor:EC2/C&CActivity.B!DNS',
    'CryptoCurrency:EC2/BitcoinTool.B!DNS',
    'Trojan:EC2/BlackholeTraffic!DNS',
    'Trojan:EC2/DGADomainRequest.B',
    'Trojan:EC2/DGADomainRequest.C!DNS',
    'Trojan:EC2/DNSDataExfiltration',
    'Trojan:EC2/DriveBySourceTraffic!DNS',
    'Trojan:EC2/DropPoint!DNS',
    'Trojan:EC2/PhishingDomainRequest!DNS',
    'UnauthorizedAccess:EC2/*',
    'Impact:EC2/*',
  ] as readonly string[],
  notify: ['Recon:EC2/*', 'PenTest:*', 'Discovery:*'] as readonly string[],
};

/** A GuardDuty finding type (`ThreatPurpose:ResourceType/ThreatFamily.Variant!Artifact`) or a prefix ending in `*`. */
const guardDutyTypeEntry = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9:/.!&_-]+\*?$/, 'must be a GuardDuty finding type, or a prefix of one ending in *, e.g. Backdoor:EC2/*');

const networkAclRuleNumber = z.number().int().min(networkAclRuleNumberLimits.min).max(networkAclRuleNumberLimits.max);

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const instanceQuarantineSettingsSchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    dryRun: z.boolean().optional().describe('Report the containment plan without changing anything.'),
    snapshotVolumes: z.boolean().optional().describe('Snapshot every attached EBS volume for forensics.'),
    exemptInstanceIds: z.array(ec2InstanceId).optional(),
    trustExemptTag: z
      .boolean()
      .optional()
      .describe('Honour exemptTagKey at all; only where writes of that tag are denied to the watched account (e.g. by an SCP).'),
    exemptTagKey: tagKey.optional().describe('With trustExemptTag, instances carrying this tag (any value but "false") are never quarantined.'),
    autoScalingAction: z.enum(['detach', 'standby']).optional(),
    fleetMaxQuarantinesPerHour: wholeCount
      .optional()
      .describe('New quarantines the fleet flow starts per clock hour, beyond which it alerts instead of acting.'),
    releaseApprovers: z.array(releaseApproverArn).optional(),
    releaseApprovalMaxAgeMinutes: z.number().int().min(1).max(10080).optional(),
    networkAclDeny: z
      .boolean()
      .optional()
      .describe(
        "After isolation, deny each of the instance's addresses in its subnets' network ACLs (cuts flows AWS always tracks; NACLs are per subnet, off by default).",
      ),
    networkAclRuleNumbers: z
      .strictObject({ from: networkAclRuleNumber, to: networkAclRuleNumber })
      .refine((range) => range.from <= range.to, { message: 'from must not be greater than to', path: ['from'] })
      .optional(),
    filterPattern: z.string().min(1).max(1024).optional().describe('CloudWatch Logs filter pattern of a suspicious application log line.'),
    logGroupName: logGroupName.optional().describe("Log group of the fleet's application logs, one stream per instance id (created by the guard)."),
    createLogGroups: z.boolean().optional(),
    logRetentionDays: logRetentionDays.optional().describe('Retention of the application log groups the guard creates, in days.'),
    metricNamespace: z.string().min(1).max(255).optional(),
    alarmTrigger: z.boolean().optional(),
    alarmInstances: z.array(z.strictObject({ instanceId: ec2InstanceId, logGroupName })).optional(),
    alarmThreshold: z.number().int().min(1).optional(),
    alarmPeriodSeconds: z
      .number()
      .int()
      .refine((seconds) => seconds === 10 || seconds === 30 || (seconds >= 60 && seconds % 60 === 0), 'must be 10, 30 or a multiple of 60')
      .optional(),
    alarmEvaluationPeriods: z.number().int().min(1).max(100).optional(),
    fleetTrigger: z.boolean().optional(),
    fleetThreshold: wholeCount.optional().describe("Matching lines in one log delivery batch that quarantine the stream's instance."),
    guardDutyTrigger: z.boolean().optional(),
    guardDutyMinSeverity: severity.optional().describe('Lowest GuardDuty finding severity (0-10) that quarantines; 7 is high.'),
    guardDutyActOnTypes: z
      .array(guardDutyTypeEntry)
      .optional()
      .describe('GuardDuty finding types (exact, or a prefix ending in *) that quarantine at once; the longest matching entry of the three lists decides.'),
    guardDutyApprovalTypes: z
      .array(guardDutyTypeEntry)
      .optional()
      .describe('GuardDuty finding types that record a pending quarantine and alert with the command that approves it.'),
    guardDutyNotifyTypes: z.array(guardDutyTypeEntry).optional().describe('GuardDuty finding types that only alert; a type no list names only alerts too.'),
    maxQuarantinesPerHour: wholeCount
      .optional()
      .describe('New quarantines per account and clock hour, whatever the trigger, beyond which the function alerts instead of acting.'),
    reservedConcurrency: reservedConcurrency
      .optional()
      .describe('Concurrent executions Lambda reserves for the quarantine function, 1 to 900 (Lambda keeps 100 of the default 1,000 unreserved).'),
    agentSetup: z.boolean().optional(),
    agentLogFilePath: z.string().startsWith('/', 'must be an absolute path on the instance').optional(),
    agentTargetTagKey: tagKey.optional(),
    agentTargetTagValue: z.string().min(1).max(256).optional(),
  })
  .superRefine((settings, context) => {
    const seenApprovers = new Set<string>();
    (settings.releaseApprovers ?? []).forEach((arn, index) => {
      if (seenApprovers.has(arn)) context.addIssue({ code: 'custom', path: ['releaseApprovers', index], message: `duplicate approver ${arn}` });
      seenApprovers.add(arn);
    });
    // Each alarmed instance needs a log group of its own, or its alarm would count others' lines.
    const fleetGroup = settings.logGroupName ?? instanceQuarantineDefaults.logGroupName;
    const seenGroups = new Set<string>([fleetGroup]);
    const seenInstances = new Set<string>();
    (settings.alarmInstances ?? []).forEach((instance, index) => {
      if (seenInstances.has(instance.instanceId)) {
        context.addIssue({ code: 'custom', path: ['alarmInstances', index, 'instanceId'], message: `duplicate instance ${instance.instanceId}` });
      }
      seenInstances.add(instance.instanceId);
      if (seenGroups.has(instance.logGroupName)) {
        context.addIssue({
          code: 'custom',
          path: ['alarmInstances', index, 'logGroupName'],
          message: `${instance.logGroupName} is already used by the fleet or another alarmed instance; an alarmed instance needs a log group of its own`,
        });
      }
      seenGroups.add(instance.logGroupName);
    });
  }) satisfies z.ZodType<InstanceQuarantineSettings>;

/** The documented defaults, filled once by the construct. */
export const instanceQuarantineDefaults = {
  enabled: true,
  dryRun: false,
  snapshotVolumes: true,
  exemptInstanceIds: [] as readonly string[],
  trustExemptTag: false,
  exemptTagKey: 'guards:quarantine-exempt',
  autoScalingAction: 'detach' as 'detach' | 'standby',
  fleetMaxQuarantinesPerHour: 10,
  releaseApprovers: [] as readonly string[],
  releaseApprovalMaxAgeMinutes: 60,
  networkAclDeny: false,
  networkAclRuleNumbers: { from: 1, to: 20 } as NetworkAclRuleNumbers,
  filterPattern: '401',
  logGroupName: '/guards/instance-quarantine/application',
  createLogGroups: true,
  logRetentionDays: 90,
  metricNamespace: 'SecurityGuards/InstanceQuarantine',
  alarmTrigger: true,
  alarmInstances: [] as readonly AlarmedInstance[],
  alarmThreshold: 5,
  alarmPeriodSeconds: 60,
  alarmEvaluationPeriods: 1,
  fleetTrigger: true,
  fleetThreshold: 5,
  guardDutyTrigger: true,
  guardDutyMinSeverity: 7,
  guardDutyActOnTypes: guardDutyGateDefaults.act,
  guardDutyApprovalTypes: guardDutyGateDefaults.approval,
  guardDutyNotifyTypes: guardDutyGateDefaults.notify,
  maxQuarantinesPerHour: 20,
  reservedConcurrency: 10,
  agentSetup: false,
  agentLogFilePath: '/home/ec2-user/record.log',
  agentTargetTagKey: 'guards:cloudwatch-agent',
  agentTargetTagValue: 'enabled',
} satisfies Required<InstanceQuarantineSettings>;

/** The settings as the plan hands them to the guard: the config's levels merged over these defaults. */
export type ResolvedInstanceQuarantineSettings = ResolvedSettings<InstanceQuarantineSettings>;
