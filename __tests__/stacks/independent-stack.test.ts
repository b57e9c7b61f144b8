/**
 * The guards' stacks skip CDKTF's preparing resolve (modules/stacks/independent-stack.ts): it only
 * looks for references between stacks, which they never make. Shown here on every example, in both
 * modes and both code sources: the synthesis with CDKTF's own preparation and without it write the
 * same files, byte for byte. A synth also runs without stack traces of CDKTF's records
 * (token-stack-traces.ts); an error keeps its message and stack, and the hooks are put back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TerraformStack } from 'cdktf';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { IndependentStack } from '../../modules/stacks/independent-stack';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { withoutTokenStackTraces } from '../../modules/stacks/token-stack-traces';
import { exampleConfigFiles } from '../aws-rules/terraform-model';
import { repoRoot, synthOutputFiles } from '../helpers/synth';

jest.setTimeout(300_000);

function synthesizedFiles(configFile: string, preparesLikeCdktf: boolean): Record<string, string> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-prepare-'));
  // CDKTF's own preparation, in place of the stacks' override, for the comparison.
  const prepare = preparesLikeCdktf
    ? jest.spyOn(IndependentStack.prototype, 'prepareStack').mockImplementation(function (this: IndependentStack) {
        TerraformStack.prototype.prepareStack.call(this);
      })
    : undefined;
  try {
    synthesizeGuards(loadGuardsConfig(path.join(repoRoot, configFile)), { outdir });
    if (prepare) expect(prepare).toHaveBeenCalled();
  } finally {
    prepare?.mockRestore();
  }
  return synthOutputFiles(outdir);
}

describe("the guards' stacks without CDKTF's preparing resolve", () => {
  it.each(exampleConfigFiles)('%s synthesizes to the same files as with it', (configFile) => {
    const prepared = synthesizedFiles(configFile, true);
    const unprepared = synthesizedFiles(configFile, false);
    expect(Object.keys(prepared).length).toBeGreaterThan(2);
    expect(Object.keys(unprepared).sort()).toEqual(Object.keys(prepared).sort());
    for (const file of Object.keys(prepared)) expect([file, unprepared[file]]).toEqual([file, prepared[file]]);
  });
});

describe('a synth without stack traces of records', () => {
  it('gives a plain object no trace, keeps an error its message and stack, and puts the hooks back', () => {
    const capture = Error.captureStackTrace;
    const prepare = Error.prepareStackTrace;
    const record: { stack?: string } = {};
    let thrown: Error | undefined;
    try {
      withoutTokenStackTraces(() => {
        Error.captureStackTrace(record);
        throw new Error('accounts[2].id: must be 12 digits');
      });
    } catch (error) {
      thrown = error as Error;
    }
    expect(record.stack).toBe('');
    expect(thrown?.message).toBe('accounts[2].id: must be 12 digits');
    expect(thrown?.stack).toMatch(/^Error: accounts\[2\]\.id: must be 12 digits\n {4}at /);
    expect([Error.captureStackTrace, Error.prepareStackTrace]).toEqual([capture, prepare]);
    const after: { stack?: string } = {};
    Error.captureStackTrace(after);
    expect(after.stack).toMatch(/\n {4}at /);
  });
});
