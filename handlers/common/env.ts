/** Reads the function's configuration from its environment; every problem names the variable. */

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} environment variable is not set`);
  return value;
}

export function booleanEnv(name: string, fallback: boolean): boolean {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`${name} environment variable must be "true" or "false", not "${value}"`);
}

export function numberEnv(name: string, fallback: number, range: { min: number; max?: number }): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < range.min || (range.max !== undefined && number > range.max)) {
    throw new Error(`${name} environment variable must be a number from ${range.min}${range.max === undefined ? '' : ` to ${range.max}`}, not "${value}"`);
  }
  return number;
}

export function stringEnv(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}
