import { pointProvidersAtLocalEndpoint } from './local-endpoint';
import { directoryWritersSid } from './hub-member-directory';

/**
 * Every known gap of the local AWS API emulator the project is tested against (moto server 5.2.1)
 * and the one change to a stack's Terraform JSON that works around it. The only place such
 * workarounds live: the emulator tests apply them to a copy of the synthesized JSON, and the
 * `localEndpoint` config option applies the same ones at synth (and lists what it left out).
 * Real AWS needs none of them: with the option unset, nothing here runs.
 */

/** What a workaround does to the resources of one type. */
export type GapTransform =
  /** The emulator cannot create the resource at all: it is left out (and listed). */
  | { readonly kind: 'leave-out' }
  /** The emulator does not store the attribute: `lifecycle.ignore_changes` on it, so re-plans are clean. */
  | { readonly kind: 'ignore-changes'; readonly attributes: readonly string[] }
  /** The emulator fails a call this attribute value triggers: the attribute gets this value instead. */
  | { readonly kind: 'set'; readonly attribute: string; readonly value: unknown }
  /** The emulator misapplies one statement of a JSON policy attribute: the statement is taken out. */
  | { readonly kind: 'drop-policy-statement'; readonly attribute: string; readonly sid: string };

export interface EmulatorGap {
  /** Short stable id, e.g. `cloudtrail-start-logging`. */
  readonly id: string;
  /** The Terraform resource type affected. */
  readonly resourceType: string;
  /** The attribute affected, when the gap is one attribute's. */
  readonly attribute?: string;
  /** What the emulator answers, as it said it (its log or its response body). */
  readonly emulatorError: string;
  /** What real AWS does instead, and so why the workaround is for the emulator only. */
  readonly realAws: string;
  readonly transform: GapTransform;
}

/** The emulator the gaps were observed with. */
export const emulatorName = 'moto server 5.2.1';

export const emulatorGaps: readonly EmulatorGap[] = [
  {
    id: 'cloudtrail-start-logging',
    resourceType: 'aws_cloudtrail',
    attribute: 'enable_logging',
    emulatorError: "HTTP 500 on StartLogging; server log: KeyError: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/guards-trail'",
    realAws: 'StartLogging takes a trail name or ARN (the provider sends the ARN); the emulator looks trails up by name only.',
    transform: { kind: 'set', attribute: 'enable_logging', value: false },
  },
  {
    id: 'ssm-create-association',
    resourceType: 'aws_ssm_association',
    emulatorError: 'HTTP 500 on CreateAssociation; server log: NotImplementedError: The create_association action has not been implemented',
    realAws: 'SSM State Manager associations exist in every region; the emulator does not implement them.',
    transform: { kind: 'leave-out' },
  },
  {
    id: 's3-tls-deny-on-plain-http',
    resourceType: 'aws_s3_bucket_policy',
    attribute: 'policy',
    emulatorError: 'PutObject and HeadObject after the bucket policy is applied: https response error StatusCode: 403, api error Forbidden: Forbidden',
    realAws:
      'The statement denies requests without TLS (aws:SecureTransport false); Terraform calls AWS over HTTPS. The emulator listens on plain HTTP, so every call is "insecure" to it.',
    transform: { kind: 'drop-policy-statement', attribute: 'policy', sid: 'DenyInsecureTransport' },
  },
  {
    id: 's3-principal-arn-of-assumed-role',
    resourceType: 'aws_s3_bucket_policy',
    attribute: 'policy',
    emulatorError:
      'PutObject and DeleteObject by the publisher role (assumed by the provider) once the artifact bucket policy is applied: https response error StatusCode: 403, api error Forbidden: Forbidden',
    realAws:
      "For a session of an assumed role, aws:PrincipalArn is the role's ARN (arn:aws:iam::<account>:role/<name>), so ArnNotEquals on the publisher role lets the publisher write. The emulator compares the session's ARN (arn:aws:sts::<account>:assumed-role/...) and denies it.",
    transform: { kind: 'drop-policy-statement', attribute: 'policy', sid: 'OnlyThePublisherWritesHandlerCode' },
  },
  {
    id: 's3-principal-arn-of-assumed-role-member-directory',
    resourceType: 'aws_s3_bucket_policy',
    attribute: 'policy',
    emulatorError:
      "PutObject of the hub's member directory by the deployer role (assumed by the provider) once the directory bucket policy is applied: https response error StatusCode: 403, api error Forbidden: Forbidden",
    realAws:
      "For a session of an assumed role, aws:PrincipalArn is the role's ARN, so ArnNotLike on the deployer role lets the deployer write. The emulator compares the session's ARN (arn:aws:sts::<account>:assumed-role/...) and denies it.",
    transform: { kind: 'drop-policy-statement', attribute: 'policy', sid: directoryWritersSid },
  },
  {
    id: 'config-organization-rule',
    resourceType: 'aws_config_organization_custom_rule',
    emulatorError: 'HTTP 500 on PutOrganizationConfigRule; server log: NotImplementedError: The put_organization_config_rule action has not been implemented',
    realAws: 'The delegated administrator of AWS Config creates organization rules, which Config deploys to every member account.',
    transform: { kind: 'leave-out' },
  },
  {
    id: 'organizations-policy',
    resourceType: 'aws_organizations_policy',
    emulatorError: "HTTP 500 on CreatePolicy; server log: AttributeError: 'NoneType' object has no attribute 'region' (the emulator holds no organization)",
    realAws: 'The service control policy is created in the management account (or the delegated administrator) of an existing organization.',
    transform: { kind: 'leave-out' },
  },
  {
    id: 'organizations-policy-attachment',
    resourceType: 'aws_organizations_policy_attachment',
    emulatorError: 'Its policy is left out (organizations-policy), and the emulator cannot create member accounts with the fixed ids the attachments target.',
    realAws: 'The targets are accounts and organizational units of the organization.',
    transform: { kind: 'leave-out' },
  },
  {
    id: 's3-delete-object-versions',
    resourceType: 'aws_s3_bucket_versioning',
    emulatorError:
      'destroy of a versioned bucket: DeleteObjects (object versions) https response error StatusCode: 500, error while deserializing xml error response : XML syntax error on line 2: unquoted or missing attribute value in element; without force_destroy, DeleteBucket: 409 BucketNotEmpty',
    realAws:
      'DeleteObjects removes the listed object versions, so force_destroy empties a versioned bucket and destroy completes. Without versioning in the emulator, deleted objects are gone and the bucket deletes.',
    transform: { kind: 'leave-out' },
  },
  {
    id: 'chatbot-slack-channel-configuration',
    resourceType: 'aws_chatbot_slack_channel_configuration',
    emulatorError:
      'HTTP 500 on CreateSlackChannelConfiguration; server log: Unable to find appropriate backend for chatbot.us-east-2.amazonaws.com (the emulator has no AWS Chatbot)',
    realAws:
      'AWS Chatbot (Amazon Q Developer in chat applications) creates the channel configuration in a region where its API runs, for a workspace authorized in its console.',
    transform: { kind: 'leave-out' },
  },
  {
    id: 'chatbot-teams-channel-configuration',
    resourceType: 'aws_chatbot_teams_channel_configuration',
    emulatorError:
      'HTTP 500 on CreateMicrosoftTeamsChannelConfiguration; server log: Unable to find appropriate backend for chatbot.us-east-2.amazonaws.com (the emulator has no AWS Chatbot)',
    realAws: 'AWS Chatbot creates the channel configuration in a region where its API runs, for a team authorized in its console.',
    transform: { kind: 'leave-out' },
  },
  {
    id: 'lambda-logging-config',
    resourceType: 'aws_lambda_function',
    attribute: 'logging_config',
    emulatorError:
      'GetFunction answers without LoggingConfig (its Configuration keys: Architectures, CodeSha256, CodeSize, Description, Environment, ...; no LoggingConfig), so every re-plan wants to add logging_config',
    realAws: "Lambda stores LoggingConfig (JSON format, the function's own log group) and returns it from GetFunction.",
    transform: { kind: 'ignore-changes', attributes: ['logging_config'] },
  },
];

/** The resource types a set of gaps leaves out. */
function leftOutTypes(gaps: readonly EmulatorGap[]): Set<string> {
  return new Set(gaps.filter((gap) => gap.transform.kind === 'leave-out').map((gap) => gap.resourceType));
}

/** A stack's Terraform JSON, as far as the workarounds read and change it. */
export interface TerraformJsonDocument {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** One workaround applied to one resource of a stack. */
export interface AppliedGap {
  readonly gapId: string;
  /** `<type>.<logical id>` */
  readonly address: string;
  readonly transform: GapTransform['kind'];
}

export interface GapResult {
  readonly json: TerraformJsonDocument;
  readonly applied: readonly AppliedGap[];
  /** Addresses of the resources left out. */
  readonly leftOut: readonly string[];
}

/**
 * Applies the emulator workarounds to a stack's Terraform JSON. Pure: returns a new document and
 * leaves the given one as it was. Throws when a resource left out is still referenced by one that
 * stays (the stack would not plan; the gap needs a wider workaround).
 */
export function applyEmulatorGaps(document: TerraformJsonDocument, gaps: readonly EmulatorGap[] = emulatorGaps): GapResult {
  const json = structuredClone(document);
  const applied: AppliedGap[] = [];
  const resources = json.resource ?? {};
  const dropped = leftOutTypes(gaps);
  const leftOut: string[] = [];
  for (const gap of gaps) {
    const ofType = resources[gap.resourceType];
    if (!ofType) continue;
    for (const [logicalId, resource] of Object.entries(ofType)) {
      const address = `${gap.resourceType}.${logicalId}`;
      const transform = gap.transform;
      if (transform.kind === 'leave-out') {
        leftOut.push(address);
      } else if (transform.kind === 'set') {
        resource[transform.attribute] = transform.value;
      } else if (transform.kind === 'drop-policy-statement') {
        const policy = JSON.parse(String(resource[transform.attribute])) as { Statement: { Sid?: string }[] };
        const kept = policy.Statement.filter((statement) => statement.Sid !== transform.sid);
        if (kept.length === policy.Statement.length) continue;
        resource[transform.attribute] = JSON.stringify({ ...policy, Statement: kept });
      } else {
        const lifecycle = (resource.lifecycle ?? {}) as { ignore_changes?: string[] };
        resource.lifecycle = { ...lifecycle, ignore_changes: [...new Set([...(lifecycle.ignore_changes ?? []), ...transform.attributes])] };
      }
      applied.push({ gapId: gap.id, address, transform: transform.kind });
    }
  }
  for (const type of dropped) delete resources[type];
  // An output of a resource left out has nothing to show: it goes too (and is listed).
  for (const [name, output] of Object.entries(json.output ?? {})) {
    const text = JSON.stringify(output);
    const gap = applied.find((entry) => entry.transform === 'leave-out' && text.includes(`${entry.address}.`));
    if (gap) {
      delete json.output![name];
      leftOut.push(`output.${name}`);
      applied.push({ gapId: gap.gapId, address: `output.${name}`, transform: 'leave-out' });
    }
  }
  // An ordering on a resource left out orders nothing: the dependency goes (a value read from it would not, below).
  const leftOutSet = new Set(leftOut);
  for (const ofType of Object.values(resources)) {
    for (const resource of Object.values(ofType)) {
      const dependsOn = resource.depends_on as string[] | undefined;
      if (!dependsOn) continue;
      const kept = dependsOn.filter((address) => !leftOutSet.has(address));
      if (kept.length === dependsOn.length) continue;
      if (kept.length > 0) resource.depends_on = kept;
      else delete resource.depends_on;
    }
  }
  if (leftOut.length > 0) {
    const remaining = JSON.stringify({ resource: resources, output: json.output ?? {} });
    const stillReferenced = leftOut.filter((address) => remaining.includes(`${address}.`) || remaining.includes(`"${address}"`));
    if (stillReferenced.length > 0) {
      throw new Error(`emulator workaround leaves out ${stillReferenced.join(', ')} but other resources or outputs still refer to them`);
    }
  }
  return { json, applied, leftOut };
}

/**
 * A stack's Terraform JSON as applied to a local emulator: the emulator workarounds, and every AWS
 * provider pointed at `endpoint` (local-endpoint.ts). Pure. The one transform behind both the
 * `localEndpoint` config option and the emulator tests.
 */
export function forLocalEndpoint(document: TerraformJsonDocument, endpoint: string): GapResult {
  const result = applyEmulatorGaps(document);
  const provider = result.json.provider as { aws?: Record<string, unknown>[] } | undefined;
  if (provider?.aws) provider.aws = pointProvidersAtLocalEndpoint(provider.aws, endpoint);
  return result;
}
