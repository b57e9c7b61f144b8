import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SdkError, SdkService, sdkErrorFromWireCode } from './sdk-errors';
import { repoRoot } from './synth';

/** The shared fixtures beside the repository (`../shared/fixtures`), never edited by this project. */
export const sharedFixturesDir = path.join(repoRoot, '..', 'shared', 'fixtures');

/** A real event from `shared/fixtures/events/<name>`. */
export function sharedEvent<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(path.join(sharedFixturesDir, 'events', name), 'utf8')) as T;
}

/** This project's own edge-case fixtures, in `__tests__/fixtures/<name>`. */
export function projectFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot, '__tests__', 'fixtures', name), 'utf8')) as T;
}

interface PlaceboFile {
  readonly status_code: number;
  readonly data: Record<string, unknown>;
}

/** placebo writes datetimes as {"__class__": "datetime", year, month, ...}; SDK v3 gives Date. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record.__class__ === 'datetime') {
    const field = (name: string) => Number(record[name] ?? 0);
    return new Date(Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'), field('microsecond') / 1000));
  }
  return Object.fromEntries(
    Object.entries(record)
      .filter(([key]) => key !== 'ResponseMetadata')
      .map(([key, item]) => [key, revive(item)]),
  );
}

/** The service of a recording, from its name: `<test>__<service>.<Operation>_<n>.json`. */
function recordedService(name: string): SdkService {
  const service = /__(\w+)\.\w+_\d+\.json$/.exec(name)?.[1];
  if (service === 'iam' || service === 'ec2' || service === 'sns' || service === 'config') return service;
  throw new Error(`${name}: recording of a service the error helper does not know (${service ?? 'no service in the name'})`);
}

/**
 * A recorded AWS response from `shared/fixtures/recorded/<name>` (Cloud Custodian's placebo
 * format) as an SDK v3 command output; a non-200 recording becomes the error the SDK would throw.
 */
export function recordedResponse<T = Record<string, unknown>>(name: string): T {
  const file = JSON.parse(readFileSync(path.join(sharedFixturesDir, 'recorded', name), 'utf8')) as PlaceboFile;
  if (file.status_code !== 200) {
    const error = (file.data.Error ?? {}) as { Code?: string; Message?: string };
    throw sdkErrorFromWireCode(recordedService(name), error.Code ?? 'UnknownError', error.Message ?? 'recorded error', file.status_code);
  }
  return revive(file.data) as T;
}

/** The recorded error of a non-200 recording, to hand to a mock's `rejects`. */
export function recordedError(name: string): SdkError {
  try {
    recordedResponse(name);
  } catch (error) {
    return error as SdkError;
  }
  throw new Error(`${name} is a successful recording, not an error`);
}
