import { mkdtempSync, rmSync } from 'node:fs';
import process from 'node:process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * One temporary folder per `npm test` run, removed at its end. The suites write synthesized
 * stacks, terraform working folders and emulator copies (about 100 MB a run) into the system's
 * temporary folder; pointing TMPDIR at this run's own folder, before jest starts its workers,
 * sends all of it (terraform's and the emulator's own files included) to one place to remove.
 * A run that is killed leaves its folder behind: guards-test-run-* in the temporary folder.
 */
const variable = 'GUARDS_TEST_RUN_FOLDER';

export default function setUp() {
  const folder = mkdtempSync(path.join(tmpdir(), 'guards-test-run-'));
  process.env[variable] = folder;
  process.env.TMPDIR = folder;
}

export function tearDown() {
  const folder = process.env[variable];
  if (folder) rmSync(folder, { recursive: true, force: true });
}
