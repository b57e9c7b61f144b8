/**
 * A guard that declares hub mode must give every hub hook: leaving one out is a compile error that
 * names the missing hook (modules/common/hub-hooks.ts), not a hub that silently forwards nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { sgChangeAlertHub } from '../../modules/sg-change-alert/hub';
import { repoRoot } from '../helpers/synth';
import { typeErrors } from '../helpers/typecheck';

// The hooks of a real guard: every member of HubHooks is required, so these are all of them.
const hookNames = Object.keys(sgChangeAlertHub).sort();

describe('hub hooks at compile time', () => {
  const folder = mkdtempSync(path.join(repoRoot, '__tests__', '.hub-hooks-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const guardFile = (name: string, hubMode: string) => {
    const file = path.join(folder, `${name}.ts`);
    writeFileSync(
      file,
      [
        `import { defineGuard } from '../../modules/common/guard-definition';`,
        `import { sgChangeAlertGuard } from '../../modules/sg-change-alert/guard';`,
        `import { sgChangeAlertHub } from '../../modules/sg-change-alert/hub';`,
        `export const guard = defineGuard({ ...sgChangeAlertGuard, configKey: '${name}', hubMode: ${hubMode} });`,
        `export const hooks = sgChangeAlertHub;`,
        '',
      ].join('\n'),
    );
    return file;
  };

  it('knows the hooks it checks', () => {
    expect(hookNames).toEqual(
      expect.arrayContaining(['hubFunction', 'hubParts', 'hubSettingsIssues', 'memberEvents', 'memberResources', 'memberTamperNames', 'perAccountSettings']),
    );
  });

  it('compiles a guard with every hook, and fails naming the hook for a guard without one', () => {
    const complete = guardFile('complete', 'sgChangeAlertHub');
    const without = hookNames.map((hook) => ({ hook, file: guardFile(`without_${hook}`, `(({ ${hook}: _left, ...rest }) => rest)(sgChangeAlertHub)`) }));
    const errors = typeErrors([complete, ...without.map((entry) => entry.file)], repoRoot);
    expect(errors.filter((error) => error.includes('complete.ts'))).toEqual([]);
    for (const { hook, file } of without) {
      const own = errors.filter((error) => error.includes(path.basename(file)));
      expect({ hook, named: own.some((error) => error.includes(`Property '${hook}' is missing`)) }).toEqual({ hook, named: true });
    }
  });
});
