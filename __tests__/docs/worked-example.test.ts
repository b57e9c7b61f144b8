/**
 * The worked example of docs/architecture.md ("Adding a guard") is the guard that
 * __tests__/stacks/throwaway-guard.test.ts adds and follows through both modes: each code block
 * headed `// modules/s3-policy-alert/<file>` is that test's text of the file, so the document cannot
 * drift from what is proven to synthesize, forward, run in the hub and alert.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/synth';

const folder = 'modules/s3-policy-alert/';
const architecture = readFileSync(path.join(repoRoot, 'docs', 'architecture.md'), 'utf8');
const throwawayTest = readFileSync(path.join(repoRoot, '__tests__', 'stacks', 'throwaway-guard.test.ts'), 'utf8');

/** The test's `guardFiles` entries as the written files read: template-literal escapes undone, the guard's name put in. */
function testFiles(): Map<string, string> {
  const guardName = /const guardName = '([a-z0-9-]+)';/.exec(throwawayTest)![1];
  const entries = [...throwawayTest.matchAll(/^ {2}'([a-z-]+\.ts)': `\n([\s\S]*?)\n`,$/gm)];
  return new Map(
    entries.map(([, file, text]) => [
      file,
      text
        .replace(/(?<!\\)\$\{guardName\}/g, guardName)
        .replace(/\\`/g, '`')
        .replace(/\\\$/g, '$'),
    ]),
  );
}

function documentedFiles(): Map<string, string> {
  const blocks = [...architecture.matchAll(/^```ts\n\/\/ modules\/s3-policy-alert\/([a-z-]+\.ts)\n([\s\S]*?)\n```$/gm)];
  return new Map(blocks.map(([, file, text]) => [file, text]));
}

describe('the worked example of docs/architecture.md', () => {
  const tested = testFiles();

  it('finds the files of the throwaway guard', () => {
    expect([...tested.keys()].sort()).toEqual(['guard.ts', 'hub.ts', 'index.ts', 'settings.ts']);
  });

  it.each(['settings.ts', 'index.ts', 'hub.ts', 'guard.ts'])(`shows ${folder}%s as the throwaway-guard test writes it`, (file) => {
    expect(documentedFiles().get(file)).toBe(tested.get(file));
  });

  it('names the registry line the test adds', () => {
    expect(throwawayTest).toContain("'export const guardRegistry = [\\n  s3PolicyAlertGuard,\\n'");
    expect(architecture).toContain('export const guardRegistry = [\n  s3PolicyAlertGuard,\n');
  });
});
