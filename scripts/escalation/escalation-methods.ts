/**
 * The published IAM privilege-escalation methods, as the requests an attacker makes. A method is a
 * path only when EVERY one of its steps is allowed; `npm run check:escalation` requires that no
 * guard role has any. Targets are arbitrary (a user, role, group, policy, instance or function the
 * guard has no business with), so a grant scoped to the guard's own resources is not a finding.
 *
 * Sources (facts only, the lists' names and their method numbers):
 * - RHINO: Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (Spencer
 *   Gietzen, 2018), methods 1–21, and its Pacu module `iam__privesc_scan`.
 * - BISHOPFOX: Bishop Fox, "iam-vulnerable" (Seth Art, 2021): the Rhino methods plus the SageMaker,
 *   CodeStar, SSM, EC2 instance-profile and permissions-boundary paths.
 * - PROJECT: added by this project (issue #11) from the AWS service documentation, where a service
 *   runs code as a passed role or on an instance (EC2 user data, EC2 Instance Connect, Lambda
 *   layers, ECS tasks, CodeBuild, SSM Automation); these are the usual later additions to Rhino's list.
 *
 * Left out on purpose: iam:CreateServiceLinkedRole (the role's policy is AWS's, its trust is a
 * service's: no principal gains anything).
 */

/** Placeholders filled per role: the account and region of its stack. */
export interface TargetEnvironment {
  readonly accountId: string;
  readonly region: string;
}

export interface EscalationStep {
  readonly action: string;
  /** The resource acted on: an arbitrary target, or `*` for an action that takes none. */
  readonly resource: (environment: TargetEnvironment) => string;
  /** Request context the step carries (e.g. the policy ARN being attached). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface EscalationMethod {
  /** Short id, e.g. `CreatePolicyVersion`. */
  readonly id: string;
  /** Which published list it comes from. */
  readonly source: 'RHINO' | 'BISHOPFOX' | 'PROJECT';
  readonly description: string;
  readonly steps: readonly EscalationStep[];
}

const target = 'escalation-target';
const administratorAccess = 'arn:aws:iam::aws:policy/AdministratorAccess';
const iam = (resource: string) => (environment: TargetEnvironment) => `arn:aws:iam::${environment.accountId}:${resource}`;
const regional = (service: string, resource: string) => (environment: TargetEnvironment) =>
  `arn:aws:${service}:${environment.region}:${environment.accountId}:${resource}`;
const anyResource = () => '*';

const anyUser = iam(`user/${target}`);
const anyRole = iam(`role/${target}`);
const anyGroup = iam(`group/${target}`);
const anyPolicy = iam(`policy/${target}`);
const anyInstanceProfile = iam(`instance-profile/${target}`);
const anyInstance = regional('ec2', 'instance/i-0e5ca1a7e0000a11f');
const anyFunction = regional('lambda', `function:${target}`);

/** iam:PassRole of an arbitrary role to one service. */
const passRoleTo = (service: string): EscalationStep => ({ action: 'iam:PassRole', resource: anyRole, context: { 'iam:PassedToService': service } });

export const escalationMethods: readonly EscalationMethod[] = [
  {
    id: 'CreatePolicyVersion',
    source: 'RHINO',
    description: 'write a new default version of a managed policy',
    steps: [{ action: 'iam:CreatePolicyVersion', resource: anyPolicy }],
  },
  {
    id: 'SetDefaultPolicyVersion',
    source: 'RHINO',
    description: 'make an older, broader version of a policy the default',
    steps: [{ action: 'iam:SetDefaultPolicyVersion', resource: anyPolicy }],
  },
  {
    id: 'PassRole+RunInstances',
    source: 'RHINO',
    description: 'start an instance with a privileged role and read its credentials',
    steps: [passRoleTo('ec2.amazonaws.com'), { action: 'ec2:RunInstances', resource: anyInstance }],
  },
  { id: 'CreateAccessKey', source: 'RHINO', description: 'mint an access key for another user', steps: [{ action: 'iam:CreateAccessKey', resource: anyUser }] },
  {
    id: 'CreateLoginProfile',
    source: 'RHINO',
    description: 'give another user a console password',
    steps: [{ action: 'iam:CreateLoginProfile', resource: anyUser }],
  },
  {
    id: 'UpdateLoginProfile',
    source: 'RHINO',
    description: "change another user's console password",
    steps: [{ action: 'iam:UpdateLoginProfile', resource: anyUser }],
  },
  {
    id: 'AttachUserPolicy',
    source: 'RHINO',
    description: 'attach AdministratorAccess to a user',
    steps: [{ action: 'iam:AttachUserPolicy', resource: anyUser, context: { 'iam:PolicyARN': administratorAccess } }],
  },
  {
    id: 'AttachGroupPolicy',
    source: 'RHINO',
    description: 'attach AdministratorAccess to a group',
    steps: [{ action: 'iam:AttachGroupPolicy', resource: anyGroup, context: { 'iam:PolicyARN': administratorAccess } }],
  },
  {
    id: 'AttachRolePolicy',
    source: 'RHINO',
    description: 'attach AdministratorAccess to a role',
    steps: [{ action: 'iam:AttachRolePolicy', resource: anyRole, context: { 'iam:PolicyARN': administratorAccess } }],
  },
  { id: 'PutUserPolicy', source: 'RHINO', description: 'write an inline Allow * on a user', steps: [{ action: 'iam:PutUserPolicy', resource: anyUser }] },
  { id: 'PutGroupPolicy', source: 'RHINO', description: 'write an inline Allow * on a group', steps: [{ action: 'iam:PutGroupPolicy', resource: anyGroup }] },
  { id: 'PutRolePolicy', source: 'RHINO', description: 'write an inline Allow * on a role', steps: [{ action: 'iam:PutRolePolicy', resource: anyRole }] },
  { id: 'AddUserToGroup', source: 'RHINO', description: 'join a privileged group', steps: [{ action: 'iam:AddUserToGroup', resource: anyGroup }] },
  {
    id: 'UpdateAssumeRolePolicy',
    source: 'RHINO',
    description: 'let an outside principal assume a privileged role',
    steps: [{ action: 'iam:UpdateAssumeRolePolicy', resource: anyRole }],
  },
  {
    id: 'PassRole+CreateFunction+InvokeFunction',
    source: 'RHINO',
    description: 'run code as a privileged role in a new Lambda function',
    steps: [
      passRoleTo('lambda.amazonaws.com'),
      { action: 'lambda:CreateFunction', resource: anyFunction },
      { action: 'lambda:InvokeFunction', resource: anyFunction },
    ],
  },
  {
    id: 'PassRole+CreateFunction+CreateEventSourceMapping',
    source: 'RHINO',
    description: 'run code as a privileged role in a new function triggered by a stream',
    steps: [
      passRoleTo('lambda.amazonaws.com'),
      { action: 'lambda:CreateFunction', resource: anyFunction },
      { action: 'lambda:CreateEventSourceMapping', resource: anyResource },
    ],
  },
  {
    id: 'UpdateFunctionCode',
    source: 'RHINO',
    description: 'replace the code of a function that runs as a privileged role',
    steps: [{ action: 'lambda:UpdateFunctionCode', resource: anyFunction }],
  },
  {
    id: 'PassRole+CreateDevEndpoint',
    source: 'RHINO',
    description: 'a Glue development endpoint with a privileged role, reached over SSH',
    steps: [passRoleTo('glue.amazonaws.com'), { action: 'glue:CreateDevEndpoint', resource: regional('glue', `devEndpoint/${target}`) }],
  },
  {
    id: 'UpdateDevEndpoint',
    source: 'RHINO',
    description: 'add an SSH key to an existing Glue development endpoint',
    steps: [{ action: 'glue:UpdateDevEndpoint', resource: regional('glue', `devEndpoint/${target}`) }],
  },
  {
    id: 'PassRole+CreateStack',
    source: 'RHINO',
    description: 'a CloudFormation stack that runs as a privileged role',
    steps: [
      passRoleTo('cloudformation.amazonaws.com'),
      { action: 'cloudformation:CreateStack', resource: regional('cloudformation', `stack/${target}/0b1d2e3f-0000-0000-0000-000000000000`) },
    ],
  },
  {
    id: 'PassRole+CreatePipeline',
    source: 'RHINO',
    description: 'a Data Pipeline that runs commands as a privileged role',
    steps: [
      passRoleTo('datapipeline.amazonaws.com'),
      { action: 'datapipeline:CreatePipeline', resource: anyResource },
      { action: 'datapipeline:PutPipelineDefinition', resource: anyResource },
    ],
  },
  {
    id: 'PassRole+CreateNotebookInstance',
    source: 'BISHOPFOX',
    description: 'a SageMaker notebook with a privileged role, opened through a presigned URL',
    steps: [
      passRoleTo('sagemaker.amazonaws.com'),
      { action: 'sagemaker:CreateNotebookInstance', resource: regional('sagemaker', `notebook-instance/${target}`) },
      { action: 'sagemaker:CreatePresignedNotebookInstanceUrl', resource: regional('sagemaker', `notebook-instance/${target}`) },
    ],
  },
  {
    id: 'CreatePresignedNotebookInstanceUrl',
    source: 'BISHOPFOX',
    description: 'open an existing SageMaker notebook that runs as a privileged role',
    steps: [{ action: 'sagemaker:CreatePresignedNotebookInstanceUrl', resource: regional('sagemaker', `notebook-instance/${target}`) }],
  },
  {
    id: 'PassRole+CodeStarCreateProject',
    source: 'BISHOPFOX',
    description: 'a CodeStar project whose toolchain runs as a privileged role',
    steps: [passRoleTo('codestar.amazonaws.com'), { action: 'codestar:CreateProject', resource: regional('codestar', `project/${target}`) }],
  },
  {
    id: 'SendCommand',
    source: 'BISHOPFOX',
    description: 'run commands on an instance that holds a privileged profile',
    steps: [{ action: 'ssm:SendCommand', resource: anyInstance }],
  },
  {
    id: 'StartSession',
    source: 'BISHOPFOX',
    description: 'open a shell on an instance that holds a privileged profile',
    steps: [{ action: 'ssm:StartSession', resource: anyInstance }],
  },
  {
    id: 'PassRole+AssociateIamInstanceProfile',
    source: 'BISHOPFOX',
    description: 'attach an arbitrary (privileged) instance profile to an instance the attacker controls',
    steps: [passRoleTo('ec2.amazonaws.com'), { action: 'ec2:AssociateIamInstanceProfile', resource: anyInstance }],
  },
  {
    id: 'PassRole+ReplaceIamInstanceProfileAssociation',
    source: 'BISHOPFOX',
    description: "swap an instance's profile for an arbitrary (privileged) one",
    steps: [passRoleTo('ec2.amazonaws.com'), { action: 'ec2:ReplaceIamInstanceProfileAssociation', resource: anyInstance }],
  },
  {
    id: 'PassRole+AddRoleToInstanceProfile',
    source: 'BISHOPFOX',
    description: "put a privileged role into an instance profile the attacker's instance holds",
    steps: [passRoleTo('ec2.amazonaws.com'), { action: 'iam:AddRoleToInstanceProfile', resource: anyInstanceProfile }],
  },
  {
    id: 'PutRolePermissionsBoundary',
    source: 'BISHOPFOX',
    description: "replace a role's permissions boundary with a looser one",
    steps: [{ action: 'iam:PutRolePermissionsBoundary', resource: anyRole }],
  },
  {
    id: 'DeleteRolePermissionsBoundary',
    source: 'BISHOPFOX',
    description: 'remove the boundary that limits a role',
    steps: [{ action: 'iam:DeleteRolePermissionsBoundary', resource: anyRole }],
  },
  {
    id: 'PutUserPermissionsBoundary',
    source: 'BISHOPFOX',
    description: "replace a user's permissions boundary with a looser one",
    steps: [{ action: 'iam:PutUserPermissionsBoundary', resource: anyUser }],
  },
  {
    id: 'DeleteUserPermissionsBoundary',
    source: 'BISHOPFOX',
    description: 'remove the boundary that limits a user',
    steps: [{ action: 'iam:DeleteUserPermissionsBoundary', resource: anyUser }],
  },
  {
    id: 'AssumeRole',
    source: 'BISHOPFOX',
    description: 'assume an arbitrary role whose trust allows the account',
    steps: [{ action: 'sts:AssumeRole', resource: anyRole }],
  },
  {
    id: 'ModifyInstanceAttribute-UserData',
    source: 'PROJECT',
    description: 'rewrite the user data of an instance with a privileged profile and restart it',
    steps: [
      { action: 'ec2:ModifyInstanceAttribute', resource: anyInstance, context: { 'ec2:Attribute': 'UserData' } },
      { action: 'ec2:StopInstances', resource: anyInstance },
      { action: 'ec2:StartInstances', resource: anyInstance },
    ],
  },
  {
    id: 'SendSSHPublicKey',
    source: 'PROJECT',
    description: 'push an SSH key to an instance with a privileged profile',
    steps: [{ action: 'ec2-instance-connect:SendSSHPublicKey', resource: anyInstance }],
  },
  {
    id: 'UpdateFunctionConfiguration',
    source: 'PROJECT',
    description: 'add a layer (code) to a function that runs as a privileged role',
    steps: [{ action: 'lambda:UpdateFunctionConfiguration', resource: anyFunction }],
  },
  {
    id: 'PassRole+ECSRunTask',
    source: 'PROJECT',
    description: 'an ECS task definition with a privileged task role, then run it',
    steps: [
      passRoleTo('ecs-tasks.amazonaws.com'),
      { action: 'ecs:RegisterTaskDefinition', resource: anyResource },
      { action: 'ecs:RunTask', resource: regional('ecs', `task-definition/${target}:1`) },
    ],
  },
  {
    id: 'PassRole+CodeBuild',
    source: 'PROJECT',
    description: 'a CodeBuild project with a privileged service role, then a build',
    steps: [
      passRoleTo('codebuild.amazonaws.com'),
      { action: 'codebuild:CreateProject', resource: regional('codebuild', `project/${target}`) },
      { action: 'codebuild:StartBuild', resource: regional('codebuild', `project/${target}`) },
    ],
  },
  {
    id: 'PassRole+StartAutomationExecution',
    source: 'PROJECT',
    description: 'an SSM Automation run as a privileged role',
    steps: [passRoleTo('ssm.amazonaws.com'), { action: 'ssm:StartAutomationExecution', resource: regional('ssm', `automation-definition/${target}:$DEFAULT`) }],
  },
];
