/**
 * The synthesized Terraform of one example as one model over all its stacks, for the AWS-rules
 * suite: each resource with the account and region of its stack, Terraform references resolved
 * within the stack, and the ARN of the resources the rules follow (topics, queues, buses, rules,
 * alarms, functions), so that a literal ARN in one stack finds the resource of another.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { SynthesizedStack, TerraformJson, repoRoot, synthesizeConfigFile } from '../helpers/synth';

export interface ModelResource {
  readonly stack: string;
  readonly accountId: string;
  readonly region: string;
  readonly type: string;
  readonly id: string;
  readonly body: Record<string, unknown>;
}

/** What a rule reports: the resource (`<stack>/<type>.<id>`) and why, citing the AWS page. */
export interface Violation {
  readonly resource: string;
  readonly message: string;
}

export type AwsRule = (model: TerraformModel) => Violation[];

export function addressOf(resource: ModelResource): string {
  return `${resource.stack}/${resource.type}.${resource.id}`;
}

const referencePattern = /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z0-9_]+)\}$/;

export class TerraformModel {
  readonly resources: readonly ModelResource[];

  constructor(readonly stacks: readonly { readonly name: string; readonly json: TerraformJson }[]) {
    this.resources = stacks.flatMap((stack) => {
      const provider = stack.json.provider.aws[0] as { region: string; allowed_account_ids?: string[] };
      const accountId = provider.allowed_account_ids?.[0];
      if (!accountId) throw new Error(`stack ${stack.name}: its provider names no allowed account id`);
      return Object.entries(stack.json.resource).flatMap(([type, byId]) =>
        Object.entries(byId).map(([id, body]) => ({ stack: stack.name, accountId, region: provider.region, type, id, body })),
      );
    });
  }

  ofType(type: string): ModelResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  /** The resource a `${type.id.attribute}` reference of this stack names, or undefined for a literal. */
  referenced(from: ModelResource, value: unknown): { resource: ModelResource; attribute: string } | undefined {
    const match = typeof value === 'string' ? referencePattern.exec(value) : null;
    if (!match) return undefined;
    const resource = this.resources.find((candidate) => candidate.stack === from.stack && candidate.type === match[1] && candidate.id === match[2]);
    if (!resource) throw new Error(`${addressOf(from)}: reference ${String(value)} names no resource of its stack`);
    return { resource, attribute: match[3] };
  }

  /** A string attribute with a reference to another resource's name resolved (e.g. a rule's bus). */
  resolvedName(from: ModelResource, value: unknown): string | undefined {
    const reference = this.referenced(from, value);
    if (!reference) return typeof value === 'string' ? value : undefined;
    const name = reference.resource.body[reference.attribute === 'arn' ? 'name' : reference.attribute];
    return typeof name === 'string' ? name : undefined;
  }

  /** The resource an ARN value (a reference or a literal ARN of any stack) designates. */
  byArn(from: ModelResource, value: unknown): ModelResource | undefined {
    const reference = this.referenced(from, value);
    if (reference) return reference.resource;
    if (typeof value !== 'string') return undefined;
    return this.resources.find((candidate) => this.arnOf(candidate) === value);
  }

  /** The ARN a followed resource gets in AWS, or undefined for a type the rules do not follow. */
  arnOf(resource: ModelResource): string | undefined {
    const { body, accountId, region } = resource;
    const arn = (service: string, rest: string) => `arn:aws:${service}:${region}:${accountId}:${rest}`;
    switch (resource.type) {
      case 'aws_sns_topic':
        return arn('sns', String(body.name));
      case 'aws_sqs_queue':
        return arn('sqs', String(body.name));
      case 'aws_cloudwatch_event_bus':
        return arn('events', `event-bus/${String(body.name)}`);
      case 'aws_cloudwatch_event_rule': {
        const bus = this.ruleBus(resource);
        return arn('events', bus === 'default' ? `rule/${String(body.name)}` : `rule/${bus}/${String(body.name)}`);
      }
      case 'aws_cloudwatch_metric_alarm':
        return arn('cloudwatch', `alarm:${String(body.alarm_name)}`);
      case 'aws_lambda_function':
        return arn('lambda', `function:${String(body.function_name)}`);
      default:
        return undefined;
    }
  }

  /** The bus a rule (or target) listens on: its `event_bus_name`, the default bus without one. */
  ruleBus(resource: ModelResource): string {
    return this.resolvedName(resource, resource.body.event_bus_name) ?? 'default';
  }

  /** The ARN of the bus a rule or target of this stack is on. */
  busArn(resource: ModelResource): string {
    return `arn:aws:events:${resource.region}:${resource.accountId}:event-bus/${this.ruleBus(resource)}`;
  }

  /** The rule resource a target belongs to. */
  ruleOfTarget(target: ModelResource): ModelResource | undefined {
    const reference = this.referenced(target, target.body.rule);
    if (reference) return reference.resource;
    return this.resources.find(
      (candidate) =>
        candidate.stack === target.stack &&
        candidate.type === 'aws_cloudwatch_event_rule' &&
        candidate.body.name === target.body.rule &&
        this.ruleBus(candidate) === this.ruleBus(target),
    );
  }
}

/** Every example config of the repository. */
export const exampleConfigFiles = readdirSync(path.join(repoRoot, 'examples'))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => `examples/${file}`);

const synthesized = new Map<string, SynthesizedStack[]>();

/** The synthesized stacks of an example, synthesized once per test file. */
export function exampleStacks(configFile: string): SynthesizedStack[] {
  let stacks = synthesized.get(configFile);
  if (!stacks) {
    stacks = synthesizeConfigFile(configFile);
    synthesized.set(configFile, stacks);
  }
  return stacks;
}

/** A model over an example's stacks, each one a deep copy: a test may mutate it freely. */
export function exampleModel(configFile: string, mutate?: (stacks: { name: string; json: TerraformJson }[]) => void): TerraformModel {
  const copies = exampleStacks(configFile).map((stack) => ({ name: stack.name, json: structuredClone(stack.json) }));
  mutate?.(copies);
  return new TerraformModel(copies);
}

/** One resource's body in a mutable copy, found by stack name, type and a predicate. */
export function findBody(
  stacks: { name: string; json: TerraformJson }[],
  stackName: string,
  type: string,
  predicate: (body: Record<string, unknown>, id: string) => boolean = () => true,
): { id: string; body: Record<string, unknown> } {
  const stack = stacks.find((candidate) => candidate.name === stackName);
  if (!stack) throw new Error(`no stack ${stackName}`);
  const entry = Object.entries(stack.json.resource[type] ?? {}).find(([id, body]) => predicate(body, id));
  if (!entry) throw new Error(`no ${type} in ${stackName} that matches`);
  return { id: entry[0], body: entry[1] };
}

/** Parses a policy attribute (JSON text), or undefined when Terraform builds it at apply time. */
export function policyDocument(value: unknown): { Statement: PolicyStatementJson[] } | undefined {
  if (typeof value !== 'string' || value.startsWith('${')) return undefined;
  const document = JSON.parse(value) as { Statement: PolicyStatementJson | PolicyStatementJson[] };
  return { Statement: Array.isArray(document.Statement) ? document.Statement : [document.Statement] };
}

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Record<string, string | string[]>;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** IAM's wildcard match (`*` and `?`), case-sensitive as ARNs are. */
export function wildcardMatches(pattern: string, value: string): boolean {
  const expression = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${expression}$`).test(value);
}
