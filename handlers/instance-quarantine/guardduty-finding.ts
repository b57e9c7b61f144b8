import { InvalidEventError } from '../common/errors';
import type { EventTarget } from '../common/member-account-names';
import { eventTarget } from './alarm-state-event';
import { gateOfFinding } from './guardduty-gates';
import type { AdapterSettings, Invocation } from './invocation';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const instanceIdPattern = /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/**
 * GuardDuty's findings that instance credentials were used from another host (issue 20): the
 * resource is the access key, not the instance, and the session names the instance.
 */
export const instanceCredentialExfiltrationTypePrefix = 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.';

/**
 * The instance whose credentials the finding is about. EC2 names the role session of an instance
 * profile after the instance, so the session's principal id is `<role id>:<instance id>`
 * (`aws:userid` of "Role assigned to an Amazon EC2 instance",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable;
 * the finding's `resource.accessKeyDetails`:
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_AccessKeyDetails.html).
 */
function stolenCredentialsSource(resource: JsonObject): { instanceId: string; roleName?: string } {
  const details = isObject(resource.accessKeyDetails) ? resource.accessKeyDetails : undefined;
  const principalId = details?.principalId;
  const [roleId, sessionName] = typeof principalId === 'string' ? principalId.split(':') : [];
  if (!roleId?.startsWith('AROA') || sessionName === undefined || !instanceIdPattern.test(sessionName)) {
    throw new InvalidEventError(
      `detail.resource.accessKeyDetails.principalId: "${String(principalId)}" is not an instance role session (<role id>:<instance id>)`,
      'guardduty',
    );
  }
  // For an assumed role GuardDuty gives the role's name as the user name.
  const roleName = details?.userType === 'AssumedRole' && typeof details.userName === 'string' && details.userName !== '' ? details.userName : undefined;
  return { instanceId: sessionName, ...(roleName ? { roleName } : {}) };
}

/**
 * The account a finding is acted on in: the envelope's (the account whose bus the event came
 * from), never the finding body's alone. A finding whose `detail.accountId` differs is refused,
 * except on the function's own bus, where a delegated administrator receives its members' findings
 * (only GuardDuty puts `aws.guardduty` events there).
 */
function findingTarget(event: JsonObject, detail: JsonObject, settings: AdapterSettings): { target: EventTarget } | { refused: string } {
  const envelope = eventTarget(event);
  const named = detail.accountId;
  if (named === undefined || named === envelope.accountId) return { target: envelope };
  if (typeof named !== 'string' || !/^\d{12}$/.test(named)) throw new InvalidEventError('detail.accountId: not a 12-digit account id', 'guardduty');
  if (envelope.accountId === settings.ownAccountId) return { target: eventTarget({ account: named, region: detail.region ?? envelope.region }, 'detail') };
  return { refused: `the finding names account ${named} but came from account ${envelope.accountId}'s bus; not acted on` };
}

/**
 * A GuardDuty finding from EventBridge: the instance it is about (or whose stolen credentials it
 * reports), through the gates of issue 19: sample findings, findings whose account does not match
 * their envelope, low severities and notify-only types do nothing; approval-required types wait
 * for a person. Pure: no AWS call.
 */
export function parseGuardDutyFinding(event: JsonObject, settings: AdapterSettings): Invocation {
  const detail = isObject(event.detail) ? event.detail : undefined;
  if (!detail) throw new InvalidEventError('detail: missing from the GuardDuty finding', 'guardduty');
  const findingType = detail.type;
  if (typeof findingType !== 'string' || findingType === '') throw new InvalidEventError('detail.type: missing from the GuardDuty finding', 'guardduty');
  const findingId = String(detail.id);
  const resource = isObject(detail.resource) ? detail.resource : {};
  const stolen = findingType.startsWith(instanceCredentialExfiltrationTypePrefix) && resource.resourceType === 'AccessKey';
  if (resource.resourceType !== 'Instance' && !stolen) {
    return { kind: 'ignore', eventKind: 'guardduty', reason: `finding ${findingId} is about ${String(resource.resourceType)}, not an EC2 instance` };
  }
  const source = stolen
    ? stolenCredentialsSource(resource)
    : { instanceId: isObject(resource.instanceDetails) ? resource.instanceDetails.instanceId : undefined };
  const severity = Number(detail.severity);
  if (!Number.isFinite(severity)) throw new InvalidEventError('detail.severity: not a number', 'guardduty');
  const reason = `GuardDuty ${findingType} (severity ${severity}, finding ${findingId})`;
  const sample = isObject(detail.service) && isObject(detail.service.additionalInfo) && detail.service.additionalInfo.sample === true;
  const instanceId = typeof source.instanceId === 'string' ? source.instanceId : '(none)';
  const where = findingTarget(event, detail, settings);
  const target = 'target' in where ? { target: where.target } : {};
  if (sample) return { kind: 'notify', notice: 'sample', instanceId, trigger: 'guardduty', reason: `${reason}: a sample finding, skipped`, ...target };
  if ('refused' in where) return { kind: 'notify', notice: 'refused', instanceId, trigger: 'guardduty', reason: `${reason}: ${where.refused}` };
  if (!instanceIdPattern.test(instanceId)) throw new InvalidEventError('detail.resource.instanceDetails.instanceId: not an instance id', 'guardduty');
  if (severity < settings.guardDutyMinSeverity) {
    return { kind: 'ignore', eventKind: 'guardduty', reason: `finding ${findingId} has severity ${severity}, below ${settings.guardDutyMinSeverity}` };
  }
  const gate = gateOfFinding(findingType, settings.guardDutyGates);
  const eventId = typeof detail.id === 'string' ? { eventId: detail.id } : {};
  if (gate.gate === 'notify') {
    const why = gate.entry ? `type matches ${gate.entry} in guardDutyNotifyTypes` : 'type is in none of guardDutyActOnTypes, guardDutyApprovalTypes';
    return { kind: 'notify', notice: 'notify-only', instanceId, trigger: 'guardduty', reason: `${reason}: ${why}; not acted on`, ...target };
  }
  if (gate.gate === 'approval') {
    return {
      kind: 'await-approval',
      instanceId,
      trigger: 'guardduty',
      reason: `${reason}: type matches ${gate.entry} in guardDutyApprovalTypes`,
      ...target,
      ...eventId,
    };
  }
  const revoke = 'roleName' in source && source.roleName ? { revokeRoleNames: [source.roleName] } : {};
  return { kind: 'quarantine', instanceId, trigger: 'guardduty', reason, ...target, ...eventId, ...revoke };
}
