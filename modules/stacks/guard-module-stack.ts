import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';
import { GuardDefinition } from './guard-registry';

/** In Terraform's JSON syntax an expression is only an expression inside `${...}`. */
function terraformValidation(condition: string, errorMessage: string): { condition: string; errorMessage: string } {
  return { condition: `\${${condition}}`, errorMessage };
}

/**
 * One guard as a standalone Terraform module: its settings as typed, described, defaulted and
 * validated variables; its own KMS key and alert topic; no provider and no backend (the caller's).
 * Synthesized by `npm run modules` and rewritten into dist/modules/<guard>/.
 */
export class GuardModuleStack extends TerraformStack {
  constructor(scope: Construct, guard: GuardDefinition) {
    super(scope, guard.name);
    const accountId = new TerraformVariable(this, 'account_id', {
      type: 'string',
      description: 'Id of the AWS account the module is applied to (the ARNs in its policies name it).',
      validation: [terraformValidation('can(regex("^[0-9]{12}$", var.account_id))', 'account_id must be a 12-digit AWS account id.')],
    });
    const namePrefix = new TerraformVariable(this, 'name_prefix', {
      type: 'string',
      default: 'guards',
      description: 'Prefix of every resource name the module creates.',
      validation: [
        terraformValidation(
          'can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.name_prefix))',
          'name_prefix must be 2-32 lowercase letters, digits or dashes, starting with a letter.',
        ),
      ],
    });
    const alertEmails = new TerraformVariable(this, 'alert_emails', {
      type: 'list(string)',
      default: [],
      description: 'E-mail addresses subscribed to the alert topic (each must confirm).',
    });
    // Reads the caller's provider configuration only: no AWS call, so plans work offline.
    const region = new DataAwsRegion(this, 'current');
    const environment: AwsEnvironment = { accountId: accountId.stringValue, region: region.name };

    const key = new GuardsKey(this, 'guards-key', { environment, namePrefix: namePrefix.stringValue });
    const alertTopic = new AlertTopic(this, 'alert-topic', { environment, namePrefix: namePrefix.stringValue, key, emails: alertEmails.listValue });
    new TerraformOutput(this, 'alert_topic_arn', { description: 'SNS topic that carries the alerts and reports of the guard', value: alertTopic.arn });

    const settings: Record<string, unknown> = { ...guard.moduleExport.fixedSettings };
    for (const variable of guard.moduleExport.variables) {
      const terraformVariable = new TerraformVariable(this, variable.name, {
        type: variable.type,
        default: variable.default,
        description: variable.description,
        ...(variable.validation ? { validation: [terraformValidation(variable.validation.condition, variable.validation.errorMessage)] } : {}),
      });
      settings[variable.setting] =
        variable.type === 'number' ? terraformVariable.numberValue : variable.type === 'bool' ? terraformVariable.booleanValue : terraformVariable.stringValue;
    }
    guard.createConstruct(this, { environment, namePrefix: namePrefix.stringValue, key, alertTopic }, settings);
  }
}
