import { awsErrorCode, describeAwsError, isAwsErrorCode } from '../../../handlers/common/aws-errors';
import { recordedError } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';

describe('awsErrorCode: the SDK name of a failure, whatever the protocol', () => {
  it('reads an IAM error by its exception name although it also carries the different wire Code (the lockdown bug)', () => {
    const error = sdkError('iam', 'NoSuchEntityException', 'The user policy with name guards-region-lockdown cannot be found.');
    // Both fields as the SDK sets them: the bug compared the wire code with the exception name.
    expect(error).toMatchObject({ name: 'NoSuchEntityException', Code: 'NoSuchEntity', $fault: 'client', $metadata: { httpStatusCode: 404 } });
    expect(awsErrorCode(error)).toBe('NoSuchEntityException');
    expect(isAwsErrorCode(error, 'NoSuchEntityException')).toBe(true);
    expect(isAwsErrorCode(error, 'NoSuchEntity')).toBe(false);
  });

  it('reads the error AWS really sent (recorded GetLoginProfile: Code NoSuchEntity) as the SDK names it', () => {
    const recorded = recordedError('test_iam_user_login_profile__iam.GetLoginProfile_2.json');
    expect(recorded).toMatchObject({ name: 'NoSuchEntityException', Code: 'NoSuchEntity', Type: 'Sender', $metadata: { httpStatusCode: 404 } });
    expect(recorded.message).toBe('Login Profile for User test-user-no-console-access cannot be found.');
    expect(isAwsErrorCode(recorded, 'NoSuchEntityException')).toBe(true);
  });

  it('reads IAM credential-report errors, whose wire codes are not their names at all', () => {
    const notReady = sdkError('iam', 'CredentialReportNotReadyException');
    expect(notReady.Code).toBe('ReportInProgress');
    expect(isAwsErrorCode(notReady, 'CredentialReportNotReadyException')).toBe(true);
    expect(isAwsErrorCode(sdkError('iam', 'CredentialReportNotPresentException'), 'CredentialReportNotPresentException')).toBe(true);
  });

  it('reads EC2 errors (name and Code both the wire code) and Config errors (no Code)', () => {
    expect(awsErrorCode(sdkError('ec2', 'InvalidGroup.Duplicate', "The security group 'x' already exists"))).toBe('InvalidGroup.Duplicate');
    const config = sdkError('config', 'NoSuchConfigRuleException');
    expect(config).not.toHaveProperty('Code');
    expect(awsErrorCode(config)).toBe('NoSuchConfigRuleException');
  });

  it('reads an unmodelled query error (IAM AccessDenied) and gives nothing for non-errors', () => {
    expect(awsErrorCode(sdkError('iam', 'AccessDenied', 'not authorized', 403))).toBe('AccessDenied');
    expect(awsErrorCode('text')).toBe('');
    expect(awsErrorCode(undefined)).toBe('');
  });

  it('describes an error as name: message for a person', () => {
    expect(describeAwsError(sdkError('sns', 'AuthorizationErrorException', 'not authorized to publish'))).toBe(
      'AuthorizationErrorException: not authorized to publish',
    );
    expect(describeAwsError(new Error('plain'))).toBe('plain');
  });
});
