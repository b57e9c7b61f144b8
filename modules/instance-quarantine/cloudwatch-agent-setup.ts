import { Construct } from 'constructs';
import { SsmAssociation } from '@cdktf/provider-aws/lib/ssm-association';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';

export interface CloudWatchAgentSetupProps {
  /** Must start with `AmazonCloudWatch-` so that CloudWatchAgentServerPolicy lets instances read it. */
  readonly parameterName: string;
  readonly logFilePath: string;
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  readonly targetTagKey: string;
  readonly targetTagValue: string;
}

/**
 * Ships the application log of tagged instances to the fleet log group, one stream per instance
 * id: the agent configuration as an SSM parameter, and SSM associations that install the agent
 * and apply that configuration. Instances need SSM and CloudWatchAgentServerPolicy permissions.
 */
export class CloudWatchAgentSetup extends Construct {
  readonly parameter: SsmParameter;

  constructor(scope: Construct, id: string, props: CloudWatchAgentSetupProps) {
    super(scope, id);
    const agentConfig = {
      logs: {
        logs_collected: {
          files: {
            collect_list: [
              {
                file_path: props.logFilePath,
                log_group_name: props.logGroupName,
                // The agent fills in the instance id: the fleet flow reads it back as the stream name.
                log_stream_name: '{instance_id}',
                retention_in_days: props.logRetentionDays,
              },
            ],
          },
        },
      },
    };
    this.parameter = new SsmParameter(this, 'agent-config', {
      name: props.parameterName,
      description: 'CloudWatch agent configuration written by the instance-quarantine guard',
      type: 'String',
      value: JSON.stringify(agentConfig, null, 2),
    });
    const targets = [{ key: `tag:${props.targetTagKey}`, values: [props.targetTagValue] }];
    const install = new SsmAssociation(this, 'install-agent', {
      associationName: `${props.parameterName}-install`,
      name: 'AWS-ConfigureAWSPackage',
      parameters: { action: 'Install', name: 'AmazonCloudWatchAgent' },
      targets,
      // Daily re-runs repair instances where someone removed the agent.
      scheduleExpression: 'rate(1 day)',
    });
    new SsmAssociation(this, 'configure-agent', {
      associationName: `${props.parameterName}-configure`,
      name: 'AmazonCloudWatch-ManageAgent',
      parameters: {
        action: 'configure',
        mode: 'ec2',
        optionalConfigurationSource: 'ssm',
        optionalConfigurationLocation: props.parameterName,
        optionalRestart: 'yes',
      },
      targets,
      scheduleExpression: 'rate(1 day)',
      dependsOn: [install, this.parameter],
    });
  }
}
