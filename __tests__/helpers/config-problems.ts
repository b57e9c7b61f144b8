import { GuardsConfigError, parseGuardsConfig } from '../../modules/config/load-guards-config';

/** What validation says is wrong with a guards config, one line a problem; none when it is accepted. */
export function configProblems(data: unknown): string[] {
  try {
    parseGuardsConfig(data, 'guards.yaml');
  } catch (error) {
    if (error instanceof GuardsConfigError) return [...error.problems];
    throw error;
  }
  return [];
}
