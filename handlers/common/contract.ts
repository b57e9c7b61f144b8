/**
 * The environment contract between a construct and its handler: each guard's contract.ts lists its
 * variables once (name and type) with {@link variable}; the construct builds the Lambda environment
 * with {@link writeEnvironment}, the handler reads it with {@link readEnvironment}. Both take the
 * same typed object, so renaming or retyping a variable is a compile error on both sides.
 *
 * No defaults here or in the handler: the construct writes every variable, its values come from the
 * settings schema (modules/<guard>/settings.ts). A missing variable is a deployment mistake and
 * fails the invocation with the variable's name.
 *
 * Pure: modules/ imports it, so no AWS SDK, logger or cdktf here.
 */

/**
 * Turns a literal or a Terraform reference into text. Constructs pass their `settingText` (an
 * exported module's variable is a token, which `String()` would mangle); the default is `String`.
 */
export type TextOf = (value: string | number | boolean) => string;

/** How one variable's text becomes a typed value and back. */
export interface VariableType<T> {
  /** Reads the text; throws an error naming the variable when the text is not a valid value. */
  decode(text: string, name: string): T;
  encode(value: T, textOf: TextOf): string;
  /** An empty value is a valid one (an empty list); otherwise empty text counts as not set. */
  readonly acceptsEmpty?: boolean;
}

export interface Variable<T> {
  readonly name: string;
  readonly type: VariableType<T>;
  /** Set in one deployment mode only (e.g. standalone's policy ARN, hub mode's policy name). */
  readonly optional?: boolean;
}

export function variable<T>(name: string, type: VariableType<T>): Variable<T> {
  return { name, type };
}

/** A variable set in one deployment mode only: the reader leaves it undefined when absent. */
export function optionalVariable<T>(name: string, type: VariableType<T>): Variable<T> & { readonly optional: true } {
  return { name, type, optional: true };
}

/** A guard's variables, keyed by the field name both sides use. */
export type EnvironmentSpec = Readonly<Record<string, Variable<unknown>>>;

type ValueOf<V> = V extends Variable<infer T> ? T : never;
type RequiredKeys<S extends EnvironmentSpec> = { [K in keyof S]: S[K] extends { readonly optional: true } ? never : K }[keyof S];
type OptionalKeys<S extends EnvironmentSpec> = Exclude<keyof S, RequiredKeys<S>>;

/** The typed values of a spec: what the construct writes and what the handler reads. */
export type EnvironmentValues<S extends EnvironmentSpec> = { readonly [K in RequiredKeys<S>]: ValueOf<S[K]> } & {
  readonly [K in OptionalKeys<S>]?: ValueOf<S[K]>;
};

export function invalidVariable(name: string, expected: string, text: string): Error {
  return new Error(`${name} environment variable must be ${expected}, not "${text}"`);
}

/** Reads every variable of `spec`; throws `X environment variable is not set` for a missing required one. */
export function readEnvironment<S extends EnvironmentSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): EnvironmentValues<S> {
  const values: Record<string, unknown> = {};
  for (const [key, { name, type, optional }] of Object.entries(spec)) {
    const text = env[name];
    if (text === undefined || (text === '' && !type.acceptsEmpty)) {
      if (optional) continue;
      throw new Error(`${name} environment variable is not set`);
    }
    values[key] = type.decode(text, name);
  }
  return values as EnvironmentValues<S>;
}

/** The Lambda `environment.variables` for `values`: every variable of `spec` that has a value. */
export function writeEnvironment<S extends EnvironmentSpec>(spec: S, values: EnvironmentValues<S>, textOf: TextOf = String): Record<string, string> {
  const variables: Record<string, string> = {};
  const given = values as Readonly<Record<string, unknown>>;
  for (const [key, { name, type }] of Object.entries(spec)) {
    if (given[key] === undefined) continue;
    variables[name] = type.encode(given[key], textOf);
  }
  return variables;
}

// The variable types.

/** Any non-empty text. */
export const text: VariableType<string> = {
  decode: (value) => value,
  encode: (value, textOf) => textOf(value),
};

/** Text that must be one of `allowed`. */
export function oneOf<T extends string>(allowed: readonly T[], expected = `one of ${allowed.join(', ')}`): VariableType<T> {
  return {
    decode: (value, name) => {
      if (!(allowed as readonly string[]).includes(value)) throw invalidVariable(name, expected, value);
      return value as T;
    },
    encode: (value, textOf) => textOf(value),
  };
}

export const flag: VariableType<boolean> = {
  decode: (value, name) => {
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw invalidVariable(name, '"true" or "false"', value);
  },
  encode: (value, textOf) => textOf(value),
};

export function numberFrom(min: number, max?: number): VariableType<number> {
  return {
    decode: (value, name) => {
      const number = Number(value);
      if (!Number.isFinite(number) || number < min || (max !== undefined && number > max)) {
        throw invalidVariable(name, `a number from ${min}${max === undefined ? '' : ` to ${max}`}`, value);
      }
      return number;
    },
    encode: (value, textOf) => textOf(value),
  };
}

/**
 * A comma-separated list (`a,b`; items trimmed, empty items dropped). `check` throws for a bad list
 * with its own message; `nonEmpty` makes an empty list a missing variable. A Terraform reference
 * (an exported module's comma-separated variable) is written as it is.
 */
export function commaSeparatedList(
  options: { nonEmpty?: boolean; check?: (items: readonly string[], name: string, text: string) => void } = {},
): VariableType<readonly string[]> {
  return {
    acceptsEmpty: !options.nonEmpty,
    decode: (value, name) => {
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      options.check?.(items, name, value);
      return items;
    },
    encode: (value, textOf) => (typeof value === 'string' ? textOf(value) : value.join(',')),
  };
}

// The variables every guard function has.

/** The topic the function publishes its alerts to. */
export const alertTopicArnVariable = variable('ALERT_TOPIC_ARN', text);
/**
 * The priority topic (alerts.chat channels with `priority: true`): priority alerts go there too.
 * Set only where such a channel is configured.
 */
export const priorityAlertTopicArnVariable = /* @__PURE__ */ optionalVariable('PRIORITY_ALERT_TOPIC_ARN', text);
/** The guard's name: Powertools' service name in every log line, and the alert's sender. */
export const serviceNameVariable = variable('POWERTOOLS_SERVICE_NAME', text);

/** The partition of an ARN (`aws`, `aws-cn`, ...), `aws` when it has none. */
export function partitionOfArn(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

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

/** The whole environment, for checks that look at variables no contract declares (the runtime's own). */
export function processEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}

/** A variable as it is, set or not: for what a module reads once at load (its clients' region), before the handler validates its settings. */
export function envAtLoad(name: string): string | undefined {
  return process.env[name];
}
