import { parseConfigRuleEvent } from '../../../handlers/config-rule/config-event';
import { configurationItemFromHistory, inapplicableReason } from '../../../handlers/config-rule/configuration-item';
import { maxAnnotationLength, verdict, withinAnnotationLimit } from '../../../handlers/config-rule/verdict';
import { configEvent } from '../../helpers/config-rule-events';

describe('parseConfigRuleEvent on the real AWS Config events', () => {
  it('reads a change notification with its configuration item', () => {
    const invocation = parseConfigRuleEvent(configEvent('awsConfigRuleConfigurationChanged.json'));
    expect(invocation).toMatchObject({
      kind: 'change',
      ruleName: 'MyRule',
      eventLeftScope: false,
      ruleParameters: { desiredInstanceType: 't2.micro' },
      item: {
        resourceType: 'AWS::EC2::Instance',
        resourceId: 'i-042dd005362091826',
        status: 'OK',
        captureTime: new Date('2023-04-27T15:03:11.636Z'),
        tags: { projeto: 'meetup', Name: 'Minha' },
      },
    });
  });

  it('reads an oversized change notification as its summary', () => {
    expect(parseConfigRuleEvent(configEvent('awsConfigRuleOversizedConfiguration.json'))).toMatchObject({
      kind: 'oversized',
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'i-00000000',
      status: 'OK',
      captureTime: new Date('2016-10-06T16:46:16.261Z'),
      resultToken: 'myResultToken',
    });
  });

  it('reads a scheduled notification with its time', () => {
    expect(parseConfigRuleEvent(configEvent('awsConfigRuleScheduled.json'))).toMatchObject({
      kind: 'scheduled',
      ruleName: 'rule-ec2-test',
      notificationTime: new Date('2023-04-27T13:26:17.741Z'),
    });
    expect(parseConfigRuleEvent(configEvent('sam-config-periodic.json'))).toMatchObject({
      kind: 'scheduled',
      notificationTime: new Date('1970-01-01T00:00:00.000Z'),
    });
  });

  it("names the missing field of a change notification's item", () => {
    const event = configEvent('sam-config-item-change.json');
    const invokingEvent = JSON.parse(String(event.invokingEvent));
    delete invokingEvent.configurationItem.resourceId;
    expect(() => parseConfigRuleEvent({ ...event, invokingEvent: JSON.stringify(invokingEvent) })).toThrow(
      'invokingEvent.configurationItem.resourceId is missing or not text',
    );
    expect(() => parseConfigRuleEvent({ ...event, resultToken: undefined })).toThrow('event.resultToken is missing or not text');
  });
});

describe('configuration items', () => {
  it("reads the history API's item, whose configuration is JSON text", () => {
    const item = configurationItemFromHistory({
      resourceType: 'AWS::IAM::User',
      resourceId: 'AIDAEXAMPLE',
      resourceName: 'alice',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: new Date('2024-01-01T00:00:00Z'),
      configuration: '{"userName":"alice"}',
      tags: { team: 'web' },
    });
    expect(item).toMatchObject({ resourceId: 'AIDAEXAMPLE', configuration: { userName: 'alice' }, tags: { team: 'web' } });
    expect(() =>
      configurationItemFromHistory({ ...item, configurationItemStatus: 'OK', configurationItemCaptureTime: new Date(), configuration: '{' }),
    ).toThrow(/configuration is not JSON/);
  });

  it('applies only to recorded, existing resources in scope', () => {
    expect(inapplicableReason('OK', false)).toBeUndefined();
    expect(inapplicableReason('ResourceDiscovered', false)).toBeUndefined();
    expect(inapplicableReason('ResourceDeleted', false)).toBe('was deleted');
    expect(inapplicableReason('ResourceDeletedNotRecorded', false)).toBe('was deleted');
    expect(inapplicableReason('ResourceNotRecorded', false)).toBe('is not recorded (ResourceNotRecorded)');
    expect(inapplicableReason('OK', true)).toBe('left the scope of the rule');
  });
});

describe('annotations', () => {
  it("are cut to Config's 256 characters, keeping the start", () => {
    const long = `sg-1: ${'x'.repeat(400)}`;
    expect(withinAnnotationLimit(long)).toHaveLength(maxAnnotationLength);
    expect(withinAnnotationLimit(long).startsWith('sg-1: xxx')).toBe(true);
    expect(verdict('COMPLIANT', 'short')).toEqual({ compliance: 'COMPLIANT', annotation: 'short' });
  });
});
