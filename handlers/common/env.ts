/**
 * Reads a variable Lambda itself sets (AWS_REGION) or one a contract marks as set in one mode only.
 * A guard's own variables are read through its contract (handlers/<guard>/contract.ts), which has
 * no defaults either: the construct writes every variable.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} environment variable is not set`);
  return value;
}
