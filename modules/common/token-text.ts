import { Fn, Token } from 'cdktf';

/**
 * A setting as text, whether it is a literal or a Terraform reference (an exported module's
 * variable). `String()` would turn a number reference into its encoded placeholder number.
 */
export function settingText(value: string | number | boolean): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}

/** JSON text of a document that may hold Terraform references; `jsonencode` resolves them at plan. */
export function jsonText(document: unknown, holdsReferences: boolean): string {
  return holdsReferences ? Fn.jsonencode(document) : JSON.stringify(document);
}

/** A Config rule's input parameters as JSON text; `jsonencode` when a value is a Terraform reference. */
export function ruleParametersText(parameters: Readonly<Record<string, string>>): string {
  return jsonText(
    parameters,
    Object.values(parameters).some((value) => Token.isUnresolved(value)),
  );
}
