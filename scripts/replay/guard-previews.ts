/**
 * What one guard function would do with an event, told by the handler's own adapter, decision and
 * format code from the function's synthesized environment: the alert it would send, the action it
 * would take (the quarantine and region-lockdown act on what they find in the account before they
 * report, so their alert itself needs AWS), or the evaluation a Config rule would report. No AWS call.
 */
import { FormattedAlert, formatAlert } from '../../handlers/common/alert-format';
import { readCloudTrailRecord } from '../../handlers/common/cloudtrail-record';
import { InvalidEventError } from '../../handlers/common/errors';
import { remoteRoleNameVariable } from '../../handlers/common/member-account-names';
import { describeApiCall } from '../../handlers/cloudtrail-alert/api-call-alert';
import { parseApiCallEvent } from '../../handlers/cloudtrail-alert/eventbridge-event';
import { withTamperMarker } from '../../handlers/cloudtrail-alert/tamper-marker';
import { parseConfigRuleEvent } from '../../handlers/config-rule/config-event';
import { readDetectionsEnvironment, detectionById } from '../../handlers/detections/contract';
import type { Detection } from '../../handlers/detections/catalogue/detection';
import { decideDetectionAlert } from '../../handlers/detections/decide';
import { parseDetectionEvent } from '../../handlers/detections/detection-event';
import { parseForbiddenPortsPolicy } from '../../handlers/exposed-ports-rule/contract';
import { decideSecurityGroup } from '../../handlers/exposed-ports-rule/decision';
import { securityGroupFromConfiguration } from '../../handlers/exposed-ports-rule/security-group-facts';
import { readQuarantineEnvironment } from '../../handlers/instance-quarantine/contract';
import { parseInvocation as parseQuarantineInvocation } from '../../handlers/instance-quarantine/events';
import { readTriggerSettings } from '../../handlers/instance-quarantine/trigger-settings';
import { readLockdownEnvironment } from '../../handlers/region-lockdown/contract';
import { parseInvocation as parseLockdownInvocation } from '../../handlers/region-lockdown/events';
import { readSignInAlertEnvironment } from '../../handlers/signin-alert/contract';
import { decideSignIn } from '../../handlers/signin-alert/sign-in';

/** What the replay tells of one matched function. */
export type Preview =
  | { readonly kind: 'alert'; readonly alert: FormattedAlert }
  | { readonly kind: 'action'; readonly action: string }
  | {
      readonly kind: 'evaluation';
      readonly resourceType: string;
      readonly resourceId: string;
      readonly compliance: string;
      readonly annotation: string;
    }
  | { readonly kind: 'not-previewed'; readonly reason: string };

const notPreviewed = (reason: string): Preview => ({ kind: 'not-previewed', reason });

/** The function's environment as its handler reads it (an environment's unset values left out). */
type Variables = Readonly<Record<string, string>>;

function quarantinePreview(variables: Variables, event: unknown): Preview {
  const environment = readQuarantineEnvironment(variables);
  // A hub function (it acts through member roles) reads its alarmed instances from the member directory.
  const triggers = readTriggerSettings(environment, remoteRoleNameVariable in variables);
  const invocations = parseQuarantineInvocation(event, {
    fleetThreshold: environment.fleetThreshold,
    guardDutyMinSeverity: environment.guardDutyMinSeverity,
    alarmNamePrefix: environment.alarmNamePrefix,
    guardDutyGates: triggers.guardDutyGates,
    ownAccountId: environment.alertTopicArn.split(':')[4] ?? '',
  });
  const where = (target: { accountId: string; region: string } | undefined) => (target ? ` in account ${target.accountId}, ${target.region}` : '');
  const lines = invocations.map((invocation) => {
    switch (invocation.kind) {
      case 'quarantine':
        return `would quarantine instance ${invocation.instanceId}${where(invocation.target)} (trigger ${invocation.trigger}: ${invocation.reason})${invocation.alarmName ? `, after checking alarm ${invocation.alarmName} is in ALARM` : ''}; its alert reports the containment steps it then takes`;
      case 'await-approval':
        return `would record instance ${invocation.instanceId}${where(invocation.target)} as awaiting approval and ask a person (${invocation.reason})`;
      case 'notify':
        return `would only alert (${invocation.notice}) about instance ${invocation.instanceId}${where(invocation.target)}: ${invocation.reason}`;
      case 'ignore':
        return `would ignore it: ${invocation.reason}`;
    }
  });
  return { kind: 'action', action: lines.join('\n') };
}

function lockdownPreview(variables: Variables, event: unknown): Preview {
  const environment = readLockdownEnvironment(variables);
  const invocation = parseLockdownInvocation(event, { policyArns: environment.policyArns ?? [] });
  if (invocation.kind === 'ignore') return { kind: 'action', action: `would ignore it: ${invocation.reason}` };
  if (invocation.kind === 'reconcile') return { kind: 'action', action: 'would reconcile every IAM user of the account against the region deny policy' };
  const policy = environment.policyArns?.join(', ') ?? `the member's ${environment.denyPolicyName ?? 'region deny'} policy`;
  return {
    kind: 'action',
    action: `would attach ${policy} to IAM user ${invocation.userName} (${invocation.trigger}, by ${invocation.actor}) unless its path or tag exempts it (read from IAM), allowing only ${environment.allowedRegions.join(', ')}`,
  };
}

function signInPreview(variables: Variables, record: unknown): Preview {
  const environment = readSignInAlertEnvironment(variables);
  const decision = decideSignIn(readCloudTrailRecord(record, 'event'), {
    riskySignInsOnly: environment.riskySignInsOnly,
    partition: environment.alertTopicArn.split(':')[1] || 'aws',
    guardName: environment.serviceName,
  });
  return decision.action === 'skip' ? notPreviewed(`no alert: ${decision.reason}`) : { kind: 'alert', alert: formatAlert(decision.content) };
}

/** A Config rule's evaluation of a change whose configuration item came with the event, with the rule's parameters as synthesized. */
export function configRulePreview(guardName: string, inputParameters: string | undefined, event: unknown): Preview {
  const invocation = parseConfigRuleEvent(event);
  if (invocation.kind === 'ignored') return notPreviewed(`the rule does not evaluate ${invocation.messageType}`);
  if (guardName !== 'exposed-ports-rule')
    return notPreviewed(`${guardName} reads the account (IAM) before it evaluates: its evaluation cannot be told without AWS`);
  if (invocation.kind !== 'change') return notPreviewed(`a ${invocation.kind} invocation reads the account's groups from AWS before it evaluates`);
  const { item } = invocation;
  if (item.resourceType !== 'AWS::EC2::SecurityGroup')
    return notPreviewed(`an ${item.resourceType} is evaluated from its groups' current rules, read from EC2`);
  const policy = parseForbiddenPortsPolicy(JSON.parse(inputParameters ?? '{}') as Record<string, unknown>);
  const group = securityGroupFromConfiguration(item.configuration);
  const verdict = decideSecurityGroup({ ...group, groupId: group.groupId || item.resourceId }, policy);
  return { kind: 'evaluation', resourceType: item.resourceType, resourceId: item.resourceId, compliance: verdict.compliance, annotation: verdict.annotation };
}

/** What the function running `handler` with `variables` would do with `event`; an event its adapter refuses is said so. */
export function previewFunction(handler: string | undefined, variables: Variables, event: unknown, signInRecord?: unknown): Preview {
  const guardName = variables.POWERTOOLS_SERVICE_NAME ?? handler ?? 'unknown';
  const partition = (variables.ALERT_TOPIC_ARN ?? 'arn:aws').split(':')[1] || 'aws';
  try {
    switch (handler) {
      case 'cloudtrail-alert':
        return {
          kind: 'alert',
          alert: formatAlert(withTamperMarker(describeApiCall(parseApiCallEvent(event as Record<string, unknown>), { partition, guardName }), guardName)),
        };
      case 'detections': {
        const environment = readDetectionsEnvironment({ ...variables, ALERT_TOPIC_ARN: variables.ALERT_TOPIC_ARN ?? 'arn:aws:sns:::replay' });
        const detections = environment.detections.map((id) => detectionById(id)).filter((detection): detection is Detection => detection !== undefined);
        const decision = decideDetectionAlert(parseDetectionEvent(event as Record<string, unknown>), {
          detections,
          allowList: environment.allowList,
          namePrefix: environment.namePrefix,
          partition,
          guardName,
        });
        return decision.kind === 'alert' ? { kind: 'alert', alert: formatAlert(decision.content) } : notPreviewed(`no alert: ${decision.reason}`);
      }
      case 'instance-quarantine':
        return quarantinePreview(variables, event);
      case 'region-lockdown':
        return lockdownPreview(variables, event);
      case 'signin-alert':
        return signInPreview(variables, signInRecord ?? event);
      default:
        return notPreviewed(`${guardName}: no preview of this function`);
    }
  } catch (error) {
    if (error instanceof InvalidEventError) return notPreviewed(`its adapter refuses the event: ${error.message}`);
    throw error;
  }
}
