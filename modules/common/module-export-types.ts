/**
 * The shape of a guard's exported Terraform module. Its own file so that each guard's
 * module-export.ts and the registry that lists them import it without importing each other.
 */

/** A setting that an exported Terraform module takes as a variable. */
export interface ModuleVariable {
  /** Terraform variable name (snake_case). */
  readonly name: string;
  /** The guard setting it feeds. */
  readonly setting: string;
  readonly type: 'string' | 'number' | 'bool';
  readonly description: string;
  readonly default: string | number | boolean;
  /** Terraform validation: a condition over `var.<name>` and the message when it is false. */
  readonly validation?: { readonly condition: string; readonly errorMessage: string };
}

/** How a guard is exported as a plain Terraform module (`npm run modules`). */
export interface ModuleExport {
  readonly variables: readonly ModuleVariable[];
  /** Settings fixed in the module: the parts that change its structure rather than values. */
  readonly fixedSettings: Readonly<Record<string, unknown>>;
}
