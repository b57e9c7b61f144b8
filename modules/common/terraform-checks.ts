import { z } from 'zod';

/**
 * The Terraform check of a setting, for the exported modules' variables: the condition over a
 * variable reference (`var.<name>`) and what the value must be (the error message's predicate).
 */
export interface TerraformCheck {
  readonly condition: (reference: string) => string;
  /** E.g. `must be a tag key that does not start with aws:`; the message is `<variable> <mustBe>.` */
  readonly mustBe: string;
}

/**
 * Terraform checks registered on schema parts, next to the zod rule they mirror, so that a setting's
 * rule is written where the setting's schema is. Registered with `terraformChecks.add(schema, check)`.
 */
export const terraformChecks = z.registry<TerraformCheck>();

/** Registers `check` on `schema` and returns the schema, for use where the schema part is declared. */
export function withTerraformCheck<Schema extends z.ZodType>(schema: Schema, check: TerraformCheck): Schema {
  terraformChecks.add(schema, check);
  return schema;
}

/** A regular expression as a Terraform check, with the zod rule's own words. */
export function regexTerraformCheck(pattern: RegExp, mustBe: string): TerraformCheck {
  return { condition: (reference) => `can(regex(${JSON.stringify(pattern.source)}, ${reference}))`, mustBe };
}
