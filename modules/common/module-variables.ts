import { z } from 'zod';
import { TerraformCheck, terraformChecks } from './terraform-checks';
import type { ModuleVariable } from './module-export-types';

/** How one setting of a guard becomes a variable of its exported module; everything else comes from the schema. */
export interface ModuleVariableSpec<Setting extends string> {
  readonly setting: Setting;
  /** Terraform variable name; default: the setting in snake_case. */
  readonly name?: string;
  /**
   * For a setting the module takes in another form than the config (a list as a comma-separated
   * string): its type, default and check there, and a sentence on that form after the schema's description.
   */
  readonly asString?: { readonly default: string; readonly check: TerraformCheck; readonly form: string };
  /** Leave the variable without a Terraform check even if its schema part has one (the module as published). */
  readonly unchecked?: true;
}

function snakeCase(setting: string): string {
  return setting.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The schema part under `.optional()`, where checks are registered. */
function innerSchema(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

function variableType(setting: string, schema: z.ZodType): ModuleVariable['type'] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { type?: string; enum?: unknown[] };
  if (json.type === 'boolean') return 'bool';
  if (json.type === 'number' || json.type === 'integer') return 'number';
  if (json.type === 'string') return 'string';
  throw new Error(`${setting}: a module variable is a string, number or bool; give this ${json.type ?? 'composite'} setting its string form (asString)`);
}

/** The check of a setting's variable: registered on its schema part, or its allowed values. */
function variableCheck(schema: z.ZodType): TerraformCheck | undefined {
  const inner = innerSchema(schema);
  const registered = terraformChecks.get(inner);
  if (registered) return registered;
  if (inner instanceof z.ZodEnum) {
    const values = inner.options as readonly string[];
    return { condition: (reference) => `contains(${JSON.stringify(values)}, ${reference})`, mustBe: `must be one of ${values.join(', ')}` };
  }
  return undefined;
}

/**
 * A guard's exported-module variables, built from its settings schema: the type, the description
 * (the schema's `.describe()`, the one text of a setting), the default (the guard's defaults) and
 * the Terraform check (registered on the schema part, or the enum's values).
 */
export function moduleVariables<Shape extends z.ZodRawShape>(
  schema: { readonly shape: Shape },
  defaults: { readonly [Setting in keyof Shape]?: unknown },
  specs: readonly (ModuleVariableSpec<keyof Shape & string> | (keyof Shape & string))[],
): ModuleVariable[] {
  return specs.map((entry) => {
    const spec: ModuleVariableSpec<keyof Shape & string> = typeof entry === 'string' ? { setting: entry } : entry;
    const settingSchema = schema.shape[spec.setting] as unknown as z.ZodType;
    const name = spec.name ?? snakeCase(spec.setting);
    const described = settingSchema.description;
    if (!described) throw new Error(`${spec.setting}: describe the setting in its schema (.describe()), the text of its module variable and docs`);
    const type = spec.asString ? 'string' : variableType(spec.setting, settingSchema);
    const check = spec.asString?.check ?? (spec.unchecked ? undefined : variableCheck(settingSchema));
    const value = spec.asString ? spec.asString.default : defaults[spec.setting];
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw new Error(`${spec.setting}: a module variable needs a plain default`);
    return {
      name,
      setting: spec.setting,
      type,
      description: spec.asString ? `${described} ${spec.asString.form}` : described,
      default: value as string | number | boolean,
      ...(check ? { validation: { condition: check.condition(`var.${name}`), errorMessage: `${name} ${check.mustBe}.` } } : {}),
    };
  });
}
