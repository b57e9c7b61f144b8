import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeIssues } from '../common/zod-issues';
import { GuardsConfig, guardsConfigSchema } from './guards-config';

/** Every problem in a guards config file, one line each as `<file>: <field>: <message>`. */
export class GuardsConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid guards config ${file}:\n${problems.map((problem) => `  ${file}: ${problem}`).join('\n')}`);
    this.name = 'GuardsConfigError';
  }
}

/** Validates already-parsed config data; `file` names the source in every message. */
export function parseGuardsConfig(data: unknown, file: string): GuardsConfig {
  const result = guardsConfigSchema.safeParse(data);
  if (!result.success) {
    throw new GuardsConfigError(file, describeIssues(result.error.issues));
  }
  return result.data;
}

/** Reads a guards config file (`.yaml`, `.yml` or `.json`) and validates it. */
export function loadGuardsConfig(file: string): GuardsConfig {
  const shownName = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GuardsConfigError(shownName, [`cannot be read: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new GuardsConfigError(shownName, [`is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(error as Error).message}`]);
  }
  return parseGuardsConfig(data, shownName);
}
