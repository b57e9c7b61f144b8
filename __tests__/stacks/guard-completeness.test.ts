import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { guardRegistry } from '../../modules/stacks/guard-registry';
import { exportGuardModule } from '../../scripts/export-modules';
import { actionsCalledByHandler } from '../helpers/handler-actions';
import { repoRoot, resourcesOfType, synthesizeConfigFile, handlerOfFunction } from '../helpers/synth';
import { tamperAlertServiceName } from '../../handlers/cloudtrail-alert/contract';
import { hubAlarmRelayServiceName } from '../../handlers/hub-alarm-relay/contract';
import { heartbeatServiceName } from '../../handlers/heartbeat/contract';

/**
 * Adding a guard is its two folders, one line in the registry and its example entries (README,
 * "Adding a guard"). This suite fails for a registered guard that lacks any of the pieces around it:
 * its rows in the README, its inputs table, its example entry, a least-privilege check, its module export.
 */

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
/** The example that switches every guard on: the least-privilege test checks every function it synthesizes. */
const everyGuardExample = 'examples/single-account.yaml';
const exampleGuards = (parseYaml(readFileSync(path.join(repoRoot, everyGuardExample), 'utf8')) as { guards?: Record<string, unknown> }).guards ?? {};
const exampleFunctions = synthesizeConfigFile(everyGuardExample).flatMap((stack) => Object.values(resourcesOfType(stack.json, 'aws_lambda_function')));
const exampleZips = exampleFunctions.map((fn) => path.basename(String(fn.filename), '.zip'));
/** The hub-mode example: every hub-mode guard is switched on there. */
const hubExample = 'examples/organization.yaml';
const hubExampleGuards = (parseYaml(readFileSync(path.join(repoRoot, hubExample), 'utf8')) as { guards?: Record<string, unknown> }).guards ?? {};
const hubFunctions = synthesizeConfigFile(hubExample)
  .filter((stack) => stack.name.startsWith('hub-'))
  .flatMap((stack) => Object.values(resourcesOfType(stack.json, 'aws_lambda_function')))
  .map((fn) => ({ name: String(fn.function_name), handler: handlerOfFunction(fn) }));
/**
 * The functions that belong to no guard: the hub's alert on tampering with the guards' member
 * resources, and (outside the home region) the relay of the hub's own alarms.
 */
const platformFunctions = [`guards-${tamperAlertServiceName}`, `guards-${hubAlarmRelayServiceName}`, `guards-${heartbeatServiceName}`];

/** The cells of a markdown table row; `\|` inside a cell is text, not a border. */
function cells(row: string): string[] {
  return row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/** The rows of the first table under a `## heading` of a markdown file, by the name in their first cell's backticks. */
function tableUnder(markdown: string, heading: string): Map<string, string[]> {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) return new Map();
  const end = markdown.indexOf('\n## ', start + heading.length + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  const rows = section.split('\n').filter((line) => /^\| `[^`]+` \|/.test(line));
  return new Map(rows.map((row) => [/^\| `([^`]+)`/.exec(row)![1], cells(row)]));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface JsonSchemaProperty {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Record<string, JsonSchemaProperty>;
  readonly anyOf?: readonly JsonSchemaProperty[];
}

/** Every setting a guard takes, nested objects' settings as `parent.child`, from its zod schema. */
function settingNames(schema: z.ZodType): Map<string, JsonSchemaProperty> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaProperty;
  const names = new Map<string, JsonSchemaProperty>();
  for (const [name, property] of Object.entries(json.properties ?? {})) {
    if (property.type === 'object' && property.properties) {
      for (const [child, childProperty] of Object.entries(property.properties)) names.set(`${name}.${child}`, childProperty);
    } else {
      names.set(name, property);
    }
  }
  return names;
}

describe.each(guardRegistry.map((guard) => [guard.name, guard] as const))('registered guard %s', (name, guard) => {
  const moduleReadme = readFileSync(path.join(repoRoot, 'modules', name, 'README.md'), 'utf8');

  it('has a row in the README guards table, linking its module README', () => {
    expect(readme).toContain(`\n| [${name}](modules/${name}/README.md) |`);
  });

  it('has a row in the README config reference, linking its inputs', () => {
    expect(readme).toContain(`\n| \`guards.${guard.configKey}\` | object | off | the [${name} settings](modules/${name}/README.md#inputs) |`);
  });

  describe('its module README inputs table (checked against the settings schema)', () => {
    const rows = tableUnder(moduleReadme, '## Inputs');
    const settings = settingNames(guard.settingsSchema);

    it('has one row per setting of the schema, and no row for a setting the schema does not take', () => {
      expect([...rows.keys()].sort()).toEqual([...settings.keys()].sort());
    });

    it('gives each setting with a plain default that default', () => {
      const defaults = guard.defaults as Readonly<Record<string, unknown>>;
      const plain = Object.entries(defaults).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value));
      expect(plain.length).toBeGreaterThan(0);
      for (const [setting, value] of plain) expect({ setting, default: rows.get(setting)?.[2] }).toEqual({ setting, default: `\`${String(value)}\`` });
    });

    it('opens the meaning of each setting described in the schema with that description (the one text of a setting)', () => {
      const shape = (guard.settingsSchema as unknown as { shape: Record<string, z.ZodType> }).shape;
      const described = Object.entries(shape).filter(([, schema]) => schema.description);
      // Every setting the exported module takes is described (moduleVariables refuses it otherwise).
      expect(described.map(([setting]) => setting)).toEqual(expect.arrayContaining(guard.moduleExport.variables.map((variable) => variable.setting)));
      for (const [setting, schema] of described) {
        expect({ setting, meaning: rows.get(setting)?.[3] }).toEqual({
          setting,
          meaning: expect.stringMatching(new RegExp(`^${escapeRegExp(schema.description!)}`)),
        });
      }
    });

    it('lists every allowed value of a setting that takes one of a few', () => {
      for (const [setting, property] of settings) {
        for (const allowed of property.enum ?? [])
          expect({ setting, type: rows.get(setting)?.[1] }).toEqual({ setting, type: expect.stringContaining(`\`${String(allowed)}\``) });
      }
    });
  });

  it(`is switched on in ${everyGuardExample}, so that the least-privilege test checks its functions`, () => {
    expect(exampleGuards[guard.configKey]).toBeDefined();
    for (const handler of guard.handlers) {
      expect({ handler, inExample: exampleZips.includes(handler) }).toEqual({ handler, inExample: true });
      // The least-privilege test compares the role with the SDK calls found in the handler's source.
      expect(actionsCalledByHandler(handler).length).toBeGreaterThan(0);
    }
  });

  it('exports as a plain Terraform module that runs its handlers and takes only settings of its schema', () => {
    const directory = exportGuardModule(name, mkdtempSync(path.join(tmpdir(), 'guards-completeness-')));
    const module = JSON.parse(readFileSync(path.join(directory, 'main.tf.json'), 'utf8')) as {
      resource: { aws_lambda_function?: Record<string, { filename: string }> };
      variable: Record<string, unknown>;
    };
    const zips = Object.values(module.resource.aws_lambda_function ?? {}).map((fn) => path.basename(fn.filename, '.zip'));
    expect([...new Set(zips)].sort()).toEqual([...guard.handlers].sort());
    const settings = settingNames(guard.settingsSchema);
    for (const variable of guard.moduleExport.variables) {
      expect({ variable: variable.name, setting: settings.has(variable.setting) }).toEqual({ variable: variable.name, setting: true });
      expect(Object.keys(module.variable)).toContain(variable.name);
    }
  });
});

describe.each(guardRegistry.filter((guard) => guard.hubMode).map((guard) => [guard.name, guard] as const))('hub-mode guard %s', (name, guard) => {
  it(`is switched on in ${hubExample} and runs each of its handlers in a hub function of its own`, () => {
    expect(hubExampleGuards[guard.configKey]).toBeDefined();
    for (const handler of guard.handlers) {
      const inHub = hubFunctions.some((fn) => fn.handler === handler && fn.name.startsWith(`guards-${name}`));
      expect({ guard: name, handler, inHub }).toEqual({ guard: name, handler, inHub: true });
    }
  });
});

it('finds every function the examples synthesize among the registered guards (or the platform functions)', () => {
  const functionNames = new Set([...exampleFunctions.map((fn) => String(fn.function_name)), ...hubFunctions.map((fn) => fn.name)]);
  expect(functionNames.size).toBeGreaterThan(guardRegistry.length);
  const ownerless = [...functionNames].filter(
    (functionName) => !platformFunctions.includes(functionName) && !guardRegistry.some((guard) => functionName.startsWith(`guards-${guard.name}`)),
  );
  expect(ownerless).toEqual([]);
});
