import { AlertContent, AlertFact, capitalize, consoleUrl } from '../common/alert-format';
import { CloudTrailRecord, compactJson, inAccount, memberAt, textAt } from '../common/cloudtrail-record';
import { DescribeContext, callFacts, callFailed, eventLinks } from './api-call-facts';
import { Caller, describeCaller } from '../common/caller-identity';

/** The identity an IAM call changed. */
interface IamTarget {
  readonly kind: 'user' | 'role' | 'group' | 'policy';
  readonly name: string;
}

/** What an IAM call did, in words that fit both "did" and "tried to do". */
interface IamChange {
  /** e.g. `created an access key for IAM user bob`. */
  readonly done: string;
  /** e.g. `create an access key for IAM user bob`. */
  readonly attempted: string;
  readonly target: IamTarget | undefined;
  readonly details: readonly AlertFact[];
}

const targetNoun: Record<IamTarget['kind'], string> = { user: 'IAM user', role: 'role', group: 'group', policy: 'policy' };

function targetText(target: IamTarget | undefined): string {
  return target ? `${targetNoun[target.kind]} ${target.name}` : 'an unnamed identity';
}

/** The first identity a request names: user, role, group, then policy. */
function requestedTarget(record: CloudTrailRecord): IamTarget | undefined {
  const parameters = record.requestParameters;
  const userName = textAt(parameters, 'userName');
  if (userName) return { kind: 'user', name: userName };
  const roleName = textAt(parameters, 'roleName');
  if (roleName) return { kind: 'role', name: roleName };
  const groupName = textAt(parameters, 'groupName');
  if (groupName) return { kind: 'group', name: groupName };
  const policyArn = textAt(parameters, 'policyArn');
  if (policyArn) return { kind: 'policy', name: policyArn };
  return undefined;
}

/** `done` and `attempted` name the target where they say `{target}`, else at their end. */
function change(done: string, attempted: string, target: IamTarget | undefined, details: readonly AlertFact[] = []): IamChange {
  const withTarget = (words: string) => (words.includes('{target}') ? words.replace('{target}', targetText(target)) : `${words} ${targetText(target)}`);
  return { done: withTarget(done), attempted: withTarget(attempted), target, details };
}

/** The eight calls the guard watches by default, each in its own words; any other configured call is described generically. */
const describers: Readonly<Record<string, (record: CloudTrailRecord, caller: Caller) => IamChange>> = {
  CreateAccessKey: (record, caller) => {
    // Without userName, IAM creates the key for the calling user itself.
    const userName = textAt(record.requestParameters, 'userName') ?? textAt(record.responseElements, 'accessKey', 'userName') ?? caller.userName;
    const target: IamTarget | undefined = userName ? { kind: 'user', name: userName } : undefined;
    return change('created an access key for', 'create an access key for', target, [
      { label: 'Access key id', value: textAt(record.responseElements, 'accessKey', 'accessKeyId') },
    ]);
  },
  CreateUser: (record) =>
    change('created', 'create', requestedTarget(record), [
      // The path places the user under path-based policies and exemptions: a reviewer needs it.
      { label: 'Path', value: newUserPath(record) },
      { label: 'User ARN', value: newUserArn(record) },
      { label: 'Permissions boundary', value: textAt(record.requestParameters, 'permissionsBoundary') },
    ]),
  CreateLoginProfile: (record) =>
    change('gave a console password to', 'give a console password to', requestedTarget(record), [
      { label: 'Password reset required', value: textAt(record.requestParameters, 'passwordResetRequired') },
    ]),
  AddUserToGroup: (record) => {
    const group = textAt(record.requestParameters, 'groupName') ?? 'unknown';
    return change(`added {target} to group ${group}`, `add {target} to group ${group}`, requestedTarget(record), [{ label: 'Group', value: group }]);
  },
  PutUserPolicy: (record) => {
    const policyName = textAt(record.requestParameters, 'policyName') ?? 'unknown';
    return change(`put inline policy ${policyName} on`, `put inline policy ${policyName} on`, requestedTarget(record), [
      { label: 'Policy document', value: compactJson(memberAt(record.requestParameters, 'policyDocument')) },
    ]);
  },
  AttachUserPolicy: (record) => {
    const policyArn = textAt(record.requestParameters, 'policyArn') ?? 'unknown';
    return change(`attached policy ${policyArn} to`, `attach policy ${policyArn} to`, requestedTarget(record), [{ label: 'Policy', value: policyArn }]);
  },
  CreateRole: (record) =>
    change('created', 'create', requestedTarget(record), [
      // Who may assume the new role is what a reviewer checks first.
      { label: 'Trust policy', value: compactJson(memberAt(record.requestParameters, 'assumeRolePolicyDocument')) },
      { label: 'Permissions boundary', value: textAt(record.requestParameters, 'permissionsBoundary') },
    ]),
  CreatePolicyVersion: (record) => {
    const policyArn = textAt(record.requestParameters, 'policyArn');
    return change('created a new version of', 'create a new version of', policyArn ? { kind: 'policy', name: policyArn } : undefined, [
      { label: 'Set as default', value: textAt(record.requestParameters, 'setAsDefault') ?? 'false' },
      { label: 'Policy document', value: compactJson(memberAt(record.requestParameters, 'policyDocument')) },
    ]);
  },
};

/** The new user's path: IAM's answer, else the request's, else IAM's default `/`. */
function newUserPath(record: CloudTrailRecord): string {
  return textAt(record.responseElements, 'user', 'path') ?? textAt(record.requestParameters, 'path') ?? '/ (the default)';
}

/** The new user's ARN as IAM returned it, else as IAM forms it (user, path, name). */
function newUserArn(record: CloudTrailRecord): string | undefined {
  const returned = textAt(record.responseElements, 'user', 'arn');
  if (returned) return returned;
  const userName = textAt(record.requestParameters, 'userName');
  if (!userName || !record.accountId || callFailed(record)) return undefined;
  const path = textAt(record.requestParameters, 'path') ?? '/';
  // The caller's ARN tells the partition (aws, aws-cn, aws-us-gov).
  const partition = textAt(record.userIdentity, 'arn')?.split(':')[1] || 'aws';
  return `arn:${partition}:iam::${record.accountId}:user${path}${userName} (formed from the request)`;
}

function describeOtherIamCall(record: CloudTrailRecord): IamChange {
  return change(`called ${record.eventName} on`, `call ${record.eventName} on`, requestedTarget(record), [
    { label: 'Request', value: compactJson(record.requestParameters) },
  ]);
}

function iamConsoleUrl(partition: string, target: IamTarget | undefined): string | undefined {
  if (!target) return undefined;
  const page = { user: 'users', role: 'roles', group: 'groups', policy: 'policies' }[target.kind];
  return consoleUrl(partition, undefined, `iam/home#/${page}/details/${encodeURIComponent(target.name)}`);
}

/** Who did what to which identity: the alert of one IAM write call. */
export function describeIamChange(record: CloudTrailRecord, context: DescribeContext): AlertContent {
  const caller = describeCaller(record.userIdentity);
  const iamChange = (describers[record.eventName] ?? describeOtherIamCall)(record, caller);
  const failed = callFailed(record);
  const summary = failed
    ? `${caller.description} tried to ${iamChange.attempted}, and the call failed (${record.errorCode}).`
    : `${caller.description} ${iamChange.done}.`;
  const target = iamChange.target ? `${iamChange.target.kind} ${iamChange.target.name}` : 'unnamed identity';
  return {
    markers: failed ? ['FAILED'] : [],
    title: `IAM ${record.eventName} ${target}${inAccount(record)} by ${caller.shortName}`,
    summary: capitalize(summary),
    facts: [{ label: 'Identity changed', value: targetText(iamChange.target) }, ...iamChange.details, ...callFacts(record, caller)],
    links: eventLinks(record, context, [{ label: `IAM ${iamChange.target?.kind ?? 'identity'}`, url: iamConsoleUrl(context.partition, iamChange.target) }]),
    eventId: record.eventId,
    guardName: context.guardName,
  };
}
