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
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';

export type FindingSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

export interface GuardFinding {
  readonly guard: string;
  /** The detection or rule that found it, where one guard has several (detections). */
  readonly generator?: string;
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

/** The stable id of the finding of `guard` about `resourceId`. */
export function findingId(guard: string, resourceId: string): string {
  return `security-guards/${guard}/${resourceId}`;
}

// ASFF limits: Title 256 characters, Description 1,024.
const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

export function asffFinding(finding: GuardFinding, productArn: string): AwsSecurityFinding {
  const open = finding.state === 'open';
  const types = ['Software and Configuration Checks/AWS Security Best Practices'];
  return {
    SchemaVersion: '2018-10-08',
    Id: findingId(finding.guard, finding.resourceId),
    ProductArn: productArn,
    GeneratorId: finding.generator ?? finding.guard,
    AwsAccountId: finding.accountId,
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
    Resources: [{ Type: finding.resourceType, Id: finding.resourceId, Partition: productArn.split(':')[1] as 'aws', Region: finding.region }],
    RecordState: open ? 'ACTIVE' : 'ARCHIVED',
    Compliance: { Status: open ? 'FAILED' : 'PASSED' },
    // Used by Security Hub on creation only (NEW); later imports cannot change it.
    Workflow: { Status: 'NEW' },
    ProductFields: { guard: finding.guard },
  };
}
