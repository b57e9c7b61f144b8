import { Construct } from 'constructs';
import { AlertTopic } from '../../modules/common/alert-topic';
import { AwsEnvironment } from '../../modules/common/aws-environment';
import { GuardsKey } from '../../modules/common/guards-key';

export const testEnvironment: AwsEnvironment = { accountId: '111122223333', region: 'eu-west-1' };

/** The shared pieces a guard construct needs, in a test stack. */
export function guardWiring(scope: Construct): { environment: AwsEnvironment; namePrefix: string; key: GuardsKey; alertTopic: AlertTopic } {
  const key = new GuardsKey(scope, 'key', { environment: testEnvironment, namePrefix: 'test' });
  const alertTopic = new AlertTopic(scope, 'alerts', { environment: testEnvironment, namePrefix: 'test', key, emails: ['a@example.com'] });
  return { environment: testEnvironment, namePrefix: 'test', key, alertTopic };
}

/** A synthesized stack as JSON, with helpers to find resources by type. */
export interface SynthesizedScope {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
}

export function resourcesOf(synthesized: string, type: string): Record<string, unknown>[] {
  return Object.values((JSON.parse(synthesized) as SynthesizedScope).resource[type] ?? {});
}
