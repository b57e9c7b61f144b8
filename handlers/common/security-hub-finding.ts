/**
 * One guard event as a Security Hub finding (AWS Security Finding Format,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html). Pure.
 *
 * The id is one per (guard, resource), so a repeat updates the finding instead of adding one. The
 * workflow status follows the remediation through the fields a provider may change:
 * BatchImportFindings sets `Workflow` only when it creates the finding (NEW); afterwards Workflow is
 * the customer's, changed with BatchUpdateFindings (the release sets RESOLVED there,
 * security-hub-resolve.ts). A recurrence sends RecordState ACTIVE and Compliance FAILED again, on
 * which Security Hub itself resets a NOTIFIED or RESOLVED finding to NEW
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Workflow.html).
 *
 * The finding's AwsAccountId is always the importing account, the account of the product ARN: with
 * the default product ARN, BatchImportFindings must be called by the account the finding names
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html), and a
 * delegated administrator cannot import a member's finding that way. So a hub function reports a
 * member's finding in the hub account and names the member in the finding's id, its resource (an
 * ARN in the member account where the type has one) and ProductFields (id and name).
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';

export type FindingSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

export interface GuardFinding {
  readonly guard: string;
  /** The detection or rule that found it, where one guard has several (detections). */
  readonly generator?: string;
  /** The account the finding is about: the function's own (standalone) or a member's (hub). */
  readonly accountId: string;
  readonly region: string;
  /** The ASFF resource type (`AwsEc2Instance`, `AwsEc2SecurityGroup`, `AwsIamUser`, `Other`). */
  readonly resourceType: string;
  readonly resourceId: string;
  readonly severity: FindingSeverity;
  readonly title: string;
  readonly description: string;
  /** open: the problem stands (quarantined, non-compliant, detected); resolved: the remediation was undone by approval (released). */
  readonly state: 'open' | 'resolved';
  readonly at: string;
}

/** The account a product ARN belongs to: the one that imports (arn:<partition>:securityhub:<region>:<account>:product/...). */
export function importingAccountOf(productArn: string): string {
  return productArn.split(':')[4] ?? '';
}

/** The member account a finding is about when another account (the hub) imports it; undefined when it is the importer's own. */
export function memberAccountOf(finding: GuardFinding, productArn: string): string | undefined {
  return finding.accountId !== '' && finding.accountId !== importingAccountOf(productArn) ? finding.accountId : undefined;
}

/**
 * The stable id of the finding of `guard` about `resourceId`: `security-guards/<guard>/<resource>`,
 * and in the hub `security-guards/<guard>/<member account>/<resource>` (one hub holds the findings of
 * every member, whose resource ids may repeat: IAM users, say).
 */
export function findingId(finding: GuardFinding, productArn: string): string {
  const member = memberAccountOf(finding, productArn);
  return member ? `security-guards/${finding.guard}/${member}/${finding.resourceId}` : `security-guards/${finding.guard}/${finding.resourceId}`;
}

/** ASFF resource ids of a member's resource: its ARN where the type has one made of the id alone, else `<account>:<id>`. */
function memberResourceId(finding: GuardFinding, partition: string, member: string): string {
  const ec2 = (kind: string) => `arn:${partition}:ec2:${finding.region}:${member}:${kind}/${finding.resourceId}`;
  if (finding.resourceType === 'AwsEc2Instance') return ec2('instance');
  if (finding.resourceType === 'AwsEc2SecurityGroup') return ec2('security-group');
  return `${member}:${finding.resourceId}`;
}

// ASFF limits: Title 256 characters, Description 1,024.
const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

/** `accountName`: the member's name (hub mode), for ProductFields. */
export function asffFinding(finding: GuardFinding, productArn: string, accountName?: string): AwsSecurityFinding {
  const open = finding.state === 'open';
  const partition = productArn.split(':')[1] as 'aws';
  const member = memberAccountOf(finding, productArn);
  const types = ['Software and Configuration Checks/AWS Security Best Practices'];
  return {
    SchemaVersion: '2018-10-08',
    Id: findingId(finding, productArn),
    ProductArn: productArn,
    GeneratorId: finding.generator ?? finding.guard,
    AwsAccountId: importingAccountOf(productArn),
    Region: finding.region,
    Types: types,
    CreatedAt: finding.at,
    UpdatedAt: finding.at,
    // Severity and types through FindingProviderFields, as providers are told to, and at the top for older readers.
    Severity: { Label: finding.severity },
    FindingProviderFields: { Severity: { Label: finding.severity }, Types: types },
    Title: cut(finding.title, 256),
    Description: cut(finding.description, 1024),
    ProductName: 'Security guards',
    CompanyName: 'Security guards',
    // The partition is the product's: a finding lives in the partition of the hub it is imported into.
    Resources: [
      {
        Type: finding.resourceType,
        Id: member ? memberResourceId(finding, partition, member) : finding.resourceId,
        Partition: partition,
        Region: finding.region,
      },
    ],
    RecordState: open ? 'ACTIVE' : 'ARCHIVED',
    Compliance: { Status: open ? 'FAILED' : 'PASSED' },
    // Used by Security Hub on creation only (NEW); later imports cannot change it.
    Workflow: { Status: 'NEW' },
    ProductFields: {
      guard: finding.guard,
      ...(member ? { memberAccountId: member, ...(accountName ? { memberAccountName: accountName } : {}) } : {}),
    },
  };
}
