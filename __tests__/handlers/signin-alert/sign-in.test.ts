import { formatAlert } from '../../../handlers/common/alert-format';
import { readCloudTrailRecord } from '../../../handlers/common/cloudtrail-record';
import { SignInDecision, SignInSettings, decideSignIn } from '../../../handlers/signin-alert/sign-in';
import { cloudTrailRecord } from '../../helpers/cloudtrail-envelopes';

const settings: SignInSettings = { riskySignInsOnly: false, partition: 'aws', guardName: 'signin-alert' };

function decide(name: string, overrides: Partial<SignInSettings> = {}): SignInDecision {
  return decideSignIn(readCloudTrailRecord(cloudTrailRecord(name), name), { ...settings, ...overrides });
}

function alerted(name: string, overrides: Partial<SignInSettings> = {}): Extract<SignInDecision, { action: 'alert' }> {
  const decision = decide(name, overrides);
  if (decision.action !== 'alert') throw new Error(`${name} was skipped: ${decision.reason}`);
  return decision;
}

describe('decideSignIn on the real sign-in records', () => {
  it('IAM user with MFA: success, no risk, no marker', () => {
    const { signIn, content } = alerted('consolelogin-iam-user-success-mfa.json');
    expect(signIn).toMatchObject({ outcome: 'success', mfa: 'yes', risks: [] });
    expect(signIn.caller).toMatchObject({ kind: 'iam-user', userName: 'anaya' });
    expect(formatAlert(content).subject).toBe('Console sign-in by anaya in 111122223333 from 192.0.2.0');
  });

  it('root without MFA: ROOT and NO MFA, in that order', () => {
    const { signIn, content } = alerted('consolelogin-root-success-no-mfa.json');
    expect(signIn).toMatchObject({ outcome: 'success', mfa: 'no', risks: ['ROOT', 'NO MFA'] });
    expect(formatAlert(content).subject.startsWith('[ROOT][NO MFA] ')).toBe(true);
  });

  it('IAM user failure: FAILED with the reason; "no MFA" is not claimed of a failure', () => {
    const { signIn, content } = alerted('consolelogin-iam-user-failure.json');
    expect(signIn).toMatchObject({ outcome: 'failure', risks: ['FAILED'] });
    const alert = formatAlert(content);
    expect(alert.subject).toBe('[FAILED] Console sign-in failed for anaya in 111122223333 from 192.0.2.0');
    expect(alert.message).toContain('Result: FAILED: Failed authentication');
  });

  it('a failed sign-in whose record says MFAUsed "No" does not print "MFA used: NO" as if it were the user\'s configuration', () => {
    const record = cloudTrailRecord('consolelogin-iam-user-failure.json');
    const failedAtPassword = { ...record, additionalEventData: { ...(record.additionalEventData as object), MFAUsed: 'No' } };
    const decision = decideSignIn(readCloudTrailRecord(failedAtPassword, 'failure'), settings);
    if (decision.action !== 'alert') throw new Error('skipped');
    expect(decision.signIn).toMatchObject({ outcome: 'failure', mfa: 'not-reached', risks: ['FAILED'] });
    const alert = formatAlert(decision.content);
    expect(alert.message).not.toContain('MFA used: NO');
    expect(alert.message).toContain("MFA used: not applicable (the sign-in failed; its record says nothing of the user's MFA)");
  });

  it('says who, result, MFA, source IP, user agent, region, time and links in the body', () => {
    const { message } = formatAlert(alerted('consolelogin-root-success-no-mfa.json').content);
    for (const line of [
      'Who: root user of account 111122223333',
      'Result: success',
      'MFA used: NO',
      'Source IP: 192.0.2.0',
      'User agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:62.0) Gecko/20100101 Firefox/62.0',
      'Region: us-east-1',
      'Time: 2022-11-10 16:24:34 UTC',
      'Event id: deb1e1f9-c99b-4612-8e9f-21f93b5d79c0',
      '  CloudTrail event: https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/deb1e1f9-c99b-4612-8e9f-21f93b5d79c0',
    ]) {
      expect(message.split('\n')).toContain(line);
    }
  });
});

describe('decideSignIn on edge cases', () => {
  it('root with MFA "YES" (upper case, as root records write it) is MFA used: only ROOT is marked', () => {
    const { signIn, content } = alerted('signin-alert/consolelogin-root-success-mfa-yes.json');
    expect(signIn).toMatchObject({ mfa: 'yes', risks: ['ROOT'] });
    expect(formatAlert(content).message).toContain('MFA used: yes');
  });

  it('a failed sign-in with a hidden user name says the name was not a user, and links to no user page', () => {
    const { signIn, content } = alerted('signin-alert/consolelogin-failure-hidden-user.json');
    expect(signIn).toMatchObject({ outcome: 'failure', risks: ['FAILED'] });
    expect(signIn.caller.userName).toBeUndefined();
    const alert = formatAlert(content);
    expect(alert.subject).toBe('[FAILED] Console sign-in failed for unknown user in 111122223333 from 203.0.113.50');
    expect(alert.message).not.toContain('HIDDEN_DUE_TO_SECURITY_REASONS');
    expect(alert.message).toContain('the name typed matched no user');
    expect(alert.message).toContain('(No username found in supplied account)');
    expect(content.links.map((link) => link.label)).toEqual(['CloudTrail event']);
  });

  it('an SSO session names the person and permission set, and is not "no MFA" (the identity provider asks for MFA)', () => {
    const { signIn, content } = alerted('signin-alert/consolelogin-sso-success.json');
    expect(signIn.caller).toMatchObject({ kind: 'sso-user', shortName: 'jdoe@example.com' });
    expect(signIn).toMatchObject({ mfa: 'identity-provider', risks: [] });
    const alert = formatAlert(content);
    expect(alert.subject).toBe('Console sign-in by jdoe@example.com in 111122223333 from 192.0.2.44');
    expect(alert.message).toContain('Who: SSO user jdoe@example.com (permission set AdministratorAccess)');
    expect(alert.message).toContain('MFA used: unknown to AWS (a federated sign-in: any MFA is done at the identity provider, which AWS does not see)');
  });

  it.each(['signin-alert/consolelogin-saml-assumed-role-success.json', 'signin-alert/consolelogin-saml-user-success.json'])(
    'a SAML console sign-in (MFA at the identity provider) is not "no MFA", gets no advice to turn MFA on, and says MFA is unknown to AWS: %s',
    (name) => {
      const { signIn, content } = alerted(name);
      expect(signIn).toMatchObject({ outcome: 'success', mfa: 'identity-provider', risks: [] });
      const alert = formatAlert(content);
      expect(alert.subject.startsWith('[')).toBe(false);
      expect(alert.message).not.toContain('Turn on MFA');
      expect(alert.message).not.toContain('without MFA');
      expect(alert.message).toContain('MFA used: unknown to AWS');
      expect(decide(name, { riskySignInsOnly: true }).action).toBe('skip');
    },
  );

  it('names a SAMLUser by the name its identity provider gave', () => {
    const { signIn } = alerted('signin-alert/consolelogin-saml-user-success.json');
    expect(signIn.caller).toMatchObject({ kind: 'federated-user', description: 'SAML-federated user alice@example.com', shortName: 'alice@example.com' });
  });

  it('skips console events that are not a sign-in (SwitchRole)', () => {
    expect(decide('signin-alert/switchrole.json')).toEqual({ action: 'skip', reason: 'SwitchRole is not a console sign-in' });
  });

  it('with riskySignInsOnly, skips ordinary sign-ins and keeps root, no-MFA and failed ones', () => {
    const risky = { riskySignInsOnly: true };
    expect(decide('consolelogin-iam-user-success-mfa.json', risky).action).toBe('skip');
    expect(decide('signin-alert/consolelogin-sso-success.json', risky).action).toBe('skip');
    expect(decide('consolelogin-root-success-no-mfa.json', risky).action).toBe('alert');
    expect(decide('signin-alert/consolelogin-root-success-mfa-yes.json', risky).action).toBe('alert');
    expect(decide('consolelogin-iam-user-failure.json', risky).action).toBe('alert');
    expect(decide('signin-alert/consolelogin-failure-hidden-user.json', risky).action).toBe('alert');
  });

  it('an IAM user sign-in without MFA is marked NO MFA', () => {
    const record = { ...cloudTrailRecord('consolelogin-iam-user-success-mfa.json'), additionalEventData: { MFAUsed: 'No' } };
    const decision = decideSignIn(readCloudTrailRecord(record, 'record'), settings);
    expect(decision.action === 'alert' && decision.signIn.risks).toEqual(['NO MFA']);
  });
});
