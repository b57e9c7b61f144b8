import { AlertContent, availableLinks, capitalize, cloudTrailEventUrl, consoleUrl, formatUtcTime } from '../common/alert-format';
import { Caller, describeCaller } from '../common/caller-identity';
import { CloudTrailRecord, inAccount, textAt } from '../common/cloudtrail-record';

/**
 * The decision of the signin-alert guard: which console sign-ins to report, what is risky about
 * each, and the alert text. Pure: no AWS call.
 */

export interface SignInSettings {
  /** Alert only on root sign-ins, sign-ins without MFA and failures. */
  readonly riskySignInsOnly: boolean;
  readonly partition: string;
  readonly guardName: string;
}

/** Marked in the subject, most serious first. */
export type SignInRisk = 'ROOT' | 'NO MFA' | 'FAILED';

/**
 * `identity-provider`: SSO, SAML and other federated users pass (or skip) MFA at their identity
 * provider, which AWS does not see (their records say `MFAUsed: No`): whether MFA was used is unknown
 * to AWS, and calling it "no MFA" would mark every such sign-in. `not-reached`: a failed sign-in;
 * its `MFAUsed` says nothing of the user's MFA (the attempt usually stops at the password).
 */
export type MfaUse = 'yes' | 'no' | 'identity-provider' | 'not-reached' | 'not-recorded';

export interface SignIn {
  readonly caller: Caller;
  readonly outcome: 'success' | 'failure' | 'unknown';
  readonly mfa: MfaUse;
  readonly risks: readonly SignInRisk[];
}

export type SignInDecision =
  { readonly action: 'alert'; readonly signIn: SignIn; readonly content: AlertContent } | { readonly action: 'skip'; readonly reason: string };

function mfaUseOf(record: CloudTrailRecord, caller: Caller, outcome: SignIn['outcome']): MfaUse {
  // Root records say "YES", IAM users "Yes": compare without case.
  const recorded = textAt(record.additionalEventData, 'MFAUsed')?.toLowerCase();
  if (recorded === 'yes') return 'yes';
  // A SAML sign-in names its provider; whatever its userIdentity type, MFA happened (or not) there.
  const federated = textAt(record.additionalEventData, 'SamlProviderArn') !== undefined || (caller.kind !== 'root' && caller.kind !== 'iam-user');
  if (federated) return 'identity-provider';
  if (outcome === 'failure') return 'not-reached';
  if (recorded === 'no') return 'no';
  return 'not-recorded';
}

/** The facts of one `ConsoleLogin` record. */
export function readSignIn(record: CloudTrailRecord): SignIn {
  const caller = describeCaller(record.userIdentity);
  const result = textAt(record.responseElements, 'ConsoleLogin')?.toLowerCase();
  const outcome = result === 'success' ? 'success' : result === 'failure' || record.errorMessage ? 'failure' : 'unknown';
  const mfa = mfaUseOf(record, caller, outcome);
  const risks: SignInRisk[] = [
    ...(caller.kind === 'root' ? (['ROOT'] as const) : []),
    // A failed sign-in may stop before MFA is asked: "no MFA" says something only of a success.
    ...(outcome === 'success' && mfa === 'no' ? (['NO MFA'] as const) : []),
    ...(outcome === 'failure' ? (['FAILED'] as const) : []),
  ];
  return { caller, outcome, mfa, risks };
}

const mfaText: Record<MfaUse, string> = {
  yes: 'yes',
  no: 'NO',
  'identity-provider': 'unknown to AWS (a federated sign-in: any MFA is done at the identity provider, which AWS does not see)',
  'not-reached': "not applicable (the sign-in failed; its record says nothing of the user's MFA)",
  'not-recorded': 'not recorded',
};

/** What a reader should think about first, by risk. */
function advice(signIn: SignIn): string {
  if (signIn.risks.includes('ROOT')) {
    return ' The root user can do anything in the account; check that this was planned, and that root has MFA.';
  }
  if (signIn.risks.includes('NO MFA')) return ' Turn on MFA for this user, or check that the sign-in was theirs.';
  if (signIn.risks.includes('FAILED')) return ' Several failures in a row can be someone guessing a password.';
  return '';
}

function summaryOf(record: CloudTrailRecord, signIn: SignIn): string {
  const who = signIn.caller.description;
  if (signIn.outcome === 'failure') {
    return `${who} failed to sign in to the AWS console${record.errorMessage ? ` (${record.errorMessage})` : ''}.${advice(signIn)}`;
  }
  const how = signIn.mfa === 'yes' ? ' with MFA' : signIn.mfa === 'no' ? ' without MFA' : '';
  const verb = signIn.outcome === 'success' ? 'signed in' : 'attempted a sign-in';
  return `${who} ${verb} to the AWS console${how}.${advice(signIn)}`;
}

function identityLink(partition: string, caller: Caller): { label: string; url: string | undefined } | undefined {
  if (caller.kind === 'root') return { label: 'Root security credentials (MFA)', url: consoleUrl(partition, undefined, 'iam/home#/security_credentials') };
  if (caller.kind === 'iam-user' && caller.userName) {
    return { label: 'IAM user', url: consoleUrl(partition, undefined, `iam/home#/users/details/${encodeURIComponent(caller.userName)}`) };
  }
  if (caller.roleName) return { label: 'IAM role', url: consoleUrl(partition, undefined, `iam/home#/roles/details/${encodeURIComponent(caller.roleName)}`) };
  return undefined;
}

/** Alert on a console sign-in, or skip it with the reason. */
export function decideSignIn(record: CloudTrailRecord, settings: SignInSettings): SignInDecision {
  // The subscription filter passes every AwsConsoleSignIn event; only ConsoleLogin is a sign-in
  // (SwitchRole, ExitRole, CheckMfa... follow one).
  if (record.eventName !== 'ConsoleLogin') return { action: 'skip', reason: `${record.eventName} is not a console sign-in` };
  const signIn = readSignIn(record);
  if (settings.riskySignInsOnly && signIn.risks.length === 0) {
    return { action: 'skip', reason: 'not a root sign-in, a sign-in without MFA or a failure, and riskySignInsOnly is on' };
  }
  const { caller } = signIn;
  const from = record.sourceIpAddress ? ` from ${record.sourceIpAddress}` : '';
  const title =
    signIn.outcome === 'failure'
      ? `Console sign-in failed for ${caller.shortName}${inAccount(record)}${from}`
      : `Console sign-in by ${caller.shortName}${inAccount(record)}${from}`;
  const content: AlertContent = {
    markers: signIn.risks,
    title,
    summary: capitalize(summaryOf(record, signIn)),
    facts: [
      { label: 'Who', value: caller.description },
      { label: 'ARN', value: caller.arn },
      { label: 'Result', value: signIn.outcome === 'failure' ? `FAILED${record.errorMessage ? `: ${record.errorMessage}` : ''}` : signIn.outcome },
      { label: 'MFA used', value: mfaText[signIn.mfa] },
      { label: 'Source IP', value: record.sourceIpAddress },
      { label: 'User agent', value: record.userAgent },
      { label: 'Region', value: record.awsRegion },
      { label: 'Time', value: formatUtcTime(record.eventTime) },
      { label: 'Account', value: record.accountId },
    ],
    links: availableLinks([
      ...[identityLink(settings.partition, caller)].filter((link) => link !== undefined),
      { label: 'CloudTrail event', url: cloudTrailEventUrl(settings.partition, record.awsRegion, record.eventId) },
    ]),
    eventId: record.eventId,
    guardName: settings.guardName,
  };
  return { action: 'alert', signIn, content };
}
