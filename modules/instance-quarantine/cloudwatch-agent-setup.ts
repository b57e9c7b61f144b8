import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { SsmAssociation } from '@cdktf/provider-aws/lib/ssm-association';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { AwsEnvironment, accountGlobalName, arnFor } from '../common/aws-environment';
import { identityPolicyJson } from '../common/iam-policy';

export interface CloudWatchAgentSetupProps {
  readonly environment: AwsEnvironment;
  /**
   * The agent configuration's parameter, named like the guard's resources (`<prefix>-...`), never
   * `AmazonCloudWatch-*`: CloudWatchAgentServerPolicy and CloudWatchAgentAdminPolicy let every
   * holder read and write those, and whoever writes the configuration chooses the files the agent
   * collects. The guards' SCP protects `<prefix>-*` parameters.
   */
  readonly parameterName: string;
  readonly logFilePath: string;
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  readonly targetTagKey: string;
  readonly targetTagValue: string;
}

/** The user the agent runs as: the agent package creates it; it reads only the files it may. */
export const cloudWatchAgentUser = 'cwagent';

/**
 * Ships the application log of tagged instances to the fleet log group, one stream per instance
 * id: the agent configuration as an SSM parameter, SSM associations that install the agent and
 * apply that configuration, and a managed policy that reads exactly that parameter, for the
 * instances' role (besides SSM and CloudWatchAgentServerPolicy, whose parameter read covers
 * `AmazonCloudWatch-*` only). The agent runs as `cwagent`, not root.
 */
export class CloudWatchAgentSetup extends Construct {
  readonly parameter: SsmParameter;
  readonly readPolicy: IamPolicy;

  constructor(scope: Construct, id: string, props: CloudWatchAgentSetupProps) {
    super(scope, id);
    if (props.parameterName.startsWith('AmazonCloudWatch-')) {
      throw new Error(
        `CloudWatchAgentSetup: parameterName ${props.parameterName} starts with AmazonCloudWatch-, which every CloudWatch agent policy holder may write`,
      );
    }
    const agentConfig = {
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html (agent.run_as_user)
      agent: { run_as_user: cloudWatchAgentUser },
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
    this.readPolicy = new IamPolicy(this, 'agent-config-read', {
      name: accountGlobalName(props.environment, `${props.parameterName}-read`, 128),
      description: 'Lets the CloudWatch agent read its configuration written by the instance-quarantine guard (attach to the instances role)',
      policy: identityPolicyJson([
        {
          sid: 'ReadGuardAgentConfiguration',
          actions: ['ssm:GetParameter'],
          resources: [arnFor(props.environment, 'ssm', `parameter/${props.parameterName}`)],
        },
      ]),
    });
    new TerraformOutput(this, 'agent-config-read-policy-arn', {
      description: "Managed policy to attach to the agent instances' role: it reads exactly the agent configuration parameter",
      value: this.readPolicy.arn,
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
