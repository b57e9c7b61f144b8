/**
 * The fault-injection errors of __tests__/helpers/sdk-errors.ts against what the SDK really throws:
 * each error is provoked on the emulator with a real SDK call and compared, field by field, with
 * the stub of the same name. If the SDK changes how it shapes errors, this fails before any
 * stubbed handler test can pass on a wrong shape.
 */
import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { CreateSecurityGroupCommand, DescribeInstancesCommand, DisassociateIamInstanceProfileCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateUserCommand, GetCredentialReportCommand, GetUserCommand, GetUserPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { awsErrorCode } from '../../handlers/common/aws-errors';
import { emulatorPerSuite, emulatorTopicArn } from '../helpers/emulator-handlers';
import { SdkService, sdkError } from '../helpers/sdk-errors';

jest.setTimeout(300_000);

const server = emulatorPerSuite();
let clients: { iam: IAMClient; ec2: EC2Client; sns: SNSClient; config: ConfigServiceClient };

beforeAll(() => {
  Object.assign(process.env, server().clientEnvironment('us-east-1'));
  clients = { iam: new IAMClient({}), ec2: new EC2Client({}), sns: new SNSClient({}), config: new ConfigServiceClient({}) };
});

/** The fields a handler or a report may read. */
function shape(error: unknown): Record<string, unknown> {
  const candidate = error as Record<string, unknown> & { $metadata?: { httpStatusCode?: number } };
  return {
    class: (error as object).constructor.name,
    name: candidate.name,
    Code: candidate.Code,
    Type: candidate.Type,
    $fault: candidate.$fault,
    httpStatusCode: candidate.$metadata?.httpStatusCode,
    isError: error instanceof Error,
  };
}

async function thrownBy(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded; it was meant to fail');
}

const cases: readonly { readonly service: SdkService; readonly name: string; readonly provoke: () => Promise<unknown> }[] = [
  { service: 'iam', name: 'NoSuchEntityException', provoke: () => clients.iam.send(new GetUserCommand({ UserName: 'nobody' })) },
  {
    service: 'iam',
    name: 'NoSuchEntityException',
    provoke: async () => {
      await clients.iam.send(new CreateUserCommand({ UserName: 'new-user' }));
      return clients.iam.send(new GetUserPolicyCommand({ UserName: 'new-user', PolicyName: 'guards-region-lockdown' }));
    },
  },
  { service: 'iam', name: 'CredentialReportNotPresentException', provoke: () => clients.iam.send(new GetCredentialReportCommand({})) },
  {
    service: 'ec2',
    name: 'InvalidGroup.Duplicate',
    provoke: async () => {
      await clients.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'isolation', Description: 'test' }));
      return clients.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'isolation', Description: 'test' }));
    },
  },
  {
    service: 'ec2',
    name: 'InvalidInstanceID.NotFound',
    provoke: () => clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })),
  },
  {
    service: 'ec2',
    name: 'InvalidAssociationID.NotFound',
    provoke: () => clients.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: 'iip-assoc-0123456789abcdef0' })),
  },
  {
    service: 'sns',
    name: 'NotFoundException',
    provoke: () => clients.sns.send(new PublishCommand({ TopicArn: emulatorTopicArn('no-such-topic'), Message: 'x' })),
  },
  {
    service: 'config',
    name: 'InvalidParameterValueException',
    provoke: () => clients.config.send(new PutEvaluationsCommand({ ResultToken: 'TESTMODE', Evaluations: [], TestMode: true })),
  },
];

it.each(cases)('$service $name: the stub has the shape of the error the SDK throws', async ({ service, name, provoke }) => {
  const real = await thrownBy(provoke);
  expect(awsErrorCode(real)).toBe(name);
  expect(shape(sdkError(service, name))).toEqual(shape(real));
});
