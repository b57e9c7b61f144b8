/**
 * The guardrails of `npm run lint` reject what they are meant to reject: each case is a file that
 * breaks one rule, linted by the project's own ESLint config as if it were at that path.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { importCycles, importGraph } from '../../scripts/check-import-cycles';
import { repoRoot } from '../helpers/synth';

interface LintCase {
  readonly filePath: string;
  readonly code: string;
}

/** ESLint loads its ESM config by dynamic import, which jest's module system does not run: lint in a child node. */
function ruleIdsOf(cases: Record<string, LintCase>): Record<string, string[]> {
  const script = `
    import { ESLint } from 'eslint';
    const cases = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const result = {};
    for (const [name, { filePath, code }] of Object.entries(cases)) {
      const [report] = await eslint.lintText(code, { filePath });
      result[name] = report.messages.map((message) => message.ruleId ?? message.message);
    }
    process.stdout.write(JSON.stringify(result));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], { cwd: repoRoot, encoding: 'utf8' });
  return JSON.parse(output) as Record<string, string[]>;
}

describe('npm run lint guardrails', () => {
  let ruleIds: Record<string, string[]>;

  beforeAll(() => {
    ruleIds = ruleIdsOf({
      handlerImportsModules: {
        filePath: 'handlers/instance-quarantine/layer-case.ts',
        code: "export { GuardFunction } from '../../modules/common/guard-function';\n",
      },
      handlerImportsCdktf: {
        filePath: 'handlers/instance-quarantine/layer-case.ts',
        code: "export { TerraformStack } from 'cdktf';\n",
      },
      moduleImportsHandlerInternals: {
        filePath: 'modules/instance-quarantine/layer-case.ts',
        code: "export * from '../../handlers/instance-quarantine/isolation-groups';\n",
      },
      moduleImportsContract: {
        filePath: 'modules/instance-quarantine/layer-case.ts',
        code: "export { managedGroupTag } from '../../handlers/instance-quarantine/contract';\n",
      },
      contractImportsSdk: {
        filePath: 'handlers/instance-quarantine/contract.ts',
        code: "export { EC2Client } from '@aws-sdk/client-ec2';\n",
      },
      moduleImportsScripts: {
        filePath: 'modules/common/layer-case.ts',
        code: "export { repoRoot } from '../../scripts/handler-bundle';\n",
      },
      handlerReadsProcessEnv: {
        filePath: 'handlers/instance-quarantine/layer-case.ts',
        code: 'export const region = process.env.AWS_REGION;\n',
      },
      contractReadsProcessEnv: {
        filePath: 'handlers/instance-quarantine/contract.ts',
        code: 'export const region = process.env.AWS_REGION;\n',
      },
      contractImportsHandlerInternals: {
        filePath: 'handlers/instance-quarantine/contract.ts',
        code: "export * from './aws-clients';\n",
      },
      pureHelperImportsLogger: {
        filePath: 'handlers/common/contract.ts',
        code: "export * from './logger';\n",
      },
      commonImportsGuard: {
        filePath: 'modules/common/layer-case.ts',
        code: "export { sgChangeEventPattern } from '../sg-change-alert/event-pattern';\n",
      },
      commonImportsConfig: {
        filePath: 'modules/common/layer-case.ts',
        code: "export { hubSettingsSchema } from '../config/hub-settings';\n",
      },
      commonImportsStacks: {
        filePath: 'modules/common/layer-case.ts',
        code: "export { stackName } from '../stacks/org-plan';\n",
      },
      guardImportsStacks: {
        filePath: 'modules/sg-change-alert/layer-case.ts',
        code: "export { stackName } from '../stacks/org-plan';\n",
      },
      guardImportsOtherGuard: {
        filePath: 'modules/sg-change-alert/layer-case.ts',
        code: "export { iamChangeEventPattern } from '../iam-change-alert/event-pattern';\n",
      },
      guardImportsCommonAndItself: {
        filePath: 'modules/sg-change-alert/layer-case.ts',
        code: "export { anyOf } from '../common/event-pattern';\nexport { sgChangeEventPattern } from './event-pattern';\n",
      },
      configImportsGuard: {
        filePath: 'modules/config/layer-case.ts',
        code: "export { sgChangeAlertGuard } from '../sg-change-alert/guard';\n",
      },
      configImportsRegistry: {
        filePath: 'modules/config/layer-case.ts',
        code: "export { guardRegistry } from '../stacks/guard-registry';\n",
      },
      // guard-function.ts imports alert-topic.ts: alert-topic importing guard-function closes a cycle.
      runtimeCycle: {
        filePath: 'modules/common/alert-topic.ts',
        code: "import { GuardFunction } from './guard-function';\nexport const functionClass = GuardFunction;\n",
      },
      focusedTest: {
        filePath: '__tests__/layer-case.test.ts',
        code: "it.only('runs alone', () => {\n  expect(1).toBe(1);\n});\n",
      },
      skippedTest: {
        filePath: '__tests__/layer-case.test.ts',
        code: "it.skip('never runs', () => {\n  expect(1).toBe(1);\n});\n",
      },
    });
  }, 300_000);

  it('handlers/ never imports modules/, cdktf or constructs', () => {
    expect(ruleIds.handlerImportsModules).toEqual(['import-x/no-restricted-paths']);
    expect(ruleIds.handlerImportsCdktf).toEqual(['no-restricted-imports']);
  });

  it('modules/ imports from handlers/ only contract files, which stay free of the AWS SDK', () => {
    expect(ruleIds.moduleImportsHandlerInternals).toEqual(['import-x/no-restricted-paths']);
    expect(ruleIds.moduleImportsContract).toEqual([]);
    expect(ruleIds.contractImportsSdk).toEqual(['no-restricted-imports']);
  });

  it('handlers read the environment only in their contracts', () => {
    expect(ruleIds.handlerReadsProcessEnv).toEqual(['no-restricted-properties']);
    expect(ruleIds.contractReadsProcessEnv).toEqual([]);
  });

  it('a contract stays pure transitively: it and the pure files it builds on import only pure files', () => {
    expect(ruleIds.contractImportsHandlerInternals).toEqual(['import-x/no-restricted-paths']);
    expect(ruleIds.pureHelperImportsLogger).toEqual(['import-x/no-restricted-paths']);
  });

  it('modules/common imports no guard, config or stacks', () => {
    expect(ruleIds.commonImportsGuard).toEqual(['import-x/no-restricted-paths']);
    expect(ruleIds.commonImportsConfig).toEqual(['import-x/no-restricted-paths']);
    expect(ruleIds.commonImportsStacks).toEqual(['import-x/no-restricted-paths']);
  });

  it('a guard imports no stacks and no other guard, only common and itself', () => {
    expect(ruleIds.guardImportsStacks).toEqual(['import-x/no-restricted-paths']);
    expect(ruleIds.guardImportsOtherGuard).toEqual(['import-x/no-restricted-paths']);
    expect(ruleIds.guardImportsCommonAndItself).toEqual([]);
  });

  it('modules/config sees the guards only through the registry', () => {
    expect(ruleIds.configImportsGuard).toEqual(['import-x/no-restricted-paths']);
    expect(ruleIds.configImportsRegistry).toEqual([]);
  });

  it('production code never imports scripts/', () => {
    expect(ruleIds.moduleImportsScripts).toEqual(['import-x/no-restricted-paths']);
  });

  it('reports an import cycle', () => {
    expect(ruleIds.runtimeCycle).toEqual(['import-x/no-cycle']);
  });

  it('rejects focused and skipped tests', () => {
    expect(ruleIds.focusedTest).toEqual(['jest/no-focused-tests']);
    expect(ruleIds.skippedTest).toEqual(['jest/no-disabled-tests']);
  });
});

describe('check-import-cycles', () => {
  it('finds a cycle made of type imports only, which import-x/no-cycle does not see', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'guards-cycles-'));
    try {
      writeFileSync(path.join(directory, 'settings.ts'), "import type { Codec } from './codec';\nexport type Settings = { codec: Codec };\n");
      writeFileSync(path.join(directory, 'codec.ts'), "import type { Settings } from './settings';\nexport type Codec = (settings: Settings) => string;\n");
      writeFileSync(path.join(directory, 'leaf.ts'), "import type { Codec } from './codec';\nexport type Leaf = Codec;\n");
      const files = ['settings.ts', 'codec.ts', 'leaf.ts'].map((name) => path.join(directory, name));
      const cycles = importCycles(importGraph(files));
      expect(cycles.map((cycle) => cycle.map((file) => path.basename(file)).sort())).toEqual([['codec.ts', 'settings.ts']]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
