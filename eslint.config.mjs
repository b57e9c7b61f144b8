// Guardrails run by `npm run lint` (and .ci/run): TypeScript's recommended rules, no import cycles,
// the layers of docs/architecture.md's one-way data flow, and no focused or skipped tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import jest from 'eslint-plugin-jest';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Handler files that modules/ may import besides `handlers/<guard>/contract.ts`, each pure (no SDK,
 * no logger), each with the reason a construct and a handler must share it.
 */
const pureSharedHandlerFiles = [
  // The region deny policy: the handler puts it on IAM users; the construct checks its size at synth,
  // validates it in the exported module and writes the same document as a service control policy.
  'handlers/region-lockdown/region-deny-policy.ts',
  // Its two action lists, imported by region-deny-policy.ts only (listed so that purity is checked).
  'handlers/region-lockdown/ec2-change-actions.ts',
  'handlers/region-lockdown/global-service-actions.ts',
  // Hub mode: the names of the variables that tell a hub function its member role and accounts (no AWS call).
  'handlers/common/member-account-names.ts',
  // Hub mode: the member directory's format, written by the hub stack's object and parsed by the hub functions.
  'handlers/common/member-directory-format.ts',
  // The detections catalogue: the construct packs each detection's pattern into the rules, the handler
  // renders the same detection's alert. Data and text only, so it reads records through pure helpers.
  'handlers/detections/catalogue/*.ts',
  'handlers/common/cloudtrail-record.ts',
  'handlers/common/caller-identity.ts',
  'handlers/common/alert-format.ts',
  // Suppressions: synth filters them per function and names their metric; the handlers match and count them.
  'handlers/common/suppression.ts',
  'handlers/common/suppression-contract.ts',
  // Security Hub findings: the product ARN variable and the reporting handlers, for the grant and the variable.
  'handlers/common/security-hub-contract.ts',
];

/**
 * Pure handler files the contracts build on (the environment machinery, the rule-parameter errors and
 * port ranges): a contract or a listed pure file imports only these, the contracts and the listed
 * files, each held to the same purity, so a contract stays pure however deep its imports go.
 */
const pureContractHelpers = [
  'handlers/common/contract.ts',
  'handlers/common/errors.ts',
  'handlers/config-rule/config-rule-errors.ts',
  'handlers/exposed-ports-rule/port-ranges.ts',
];

/** Every handler file that modules/ may reach, directly or through a contract. */
const pureHandlerFiles = ['handlers/*/contract.ts', ...pureSharedHandlerFiles, ...pureContractHelpers];

/** The guard folders of modules/: everything but the shared layers. */
const sharedModuleFolders = ['common', 'config', 'stacks'];
const guardFolders = `./modules/!(${sharedModuleFolders.join('|')})/**`;
const guardFolderNames = readdirSync(path.join(import.meta.dirname, 'modules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !sharedModuleFolders.includes(entry.name))
  .map((entry) => entry.name);

/** Packages that exist only at synth time: a Lambda bundle must never pull them in. */
const synthOnlyPackages = ['cdktf', 'cdktf/*', 'constructs', 'constructs/*', '@cdktf/*'];

/** Packages that exist only at run time in Lambda: a file shared with modules/ must stay pure. */
const handlerRuntimePackages = ['@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*', 'csv-parse', 'csv-parse/*'];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'lib/', 'cdktf.out/', 'coverage/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // import-x reads the files an import leads to (no-cycle follows them) only with these set.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      // Cycles make load order matter and hide which layer owns a definition.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // Leaving fields out of a copy (`const { dropped: _dropped, ...kept } = value`) is the idiom, not an unused variable.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Layers (docs/architecture.md, "Layers the linter enforces": config -> plan -> stacks -> constructs -> building blocks; handlers bundled apart).
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './handlers/**',
              from: './modules/**',
              message: 'handlers/ is bundled into Lambda zips: it never imports modules/ (move the shared fact into handlers/<guard>/contract.ts).',
            },
            {
              target: './modules/**',
              from: './handlers/**',
              // Matched against the absolute path of the imported file.
              except: ['**/handlers/*/contract.ts', ...pureSharedHandlerFiles.map((file) => `**/${file}`)],
              message: 'modules/ imports from handlers/ only handlers/<guard>/contract.ts (or a pure shared file listed in eslint.config.mjs).',
            },
            {
              target: pureHandlerFiles.map((file) => `./${file}`),
              from: './handlers/**',
              except: pureHandlerFiles.map((file) => `**/${file}`),
              message: 'a contract stays pure transitively: it imports only contracts and the pure files listed in eslint.config.mjs.',
            },
            // Layers inside modules/ (docs/architecture.md, "Layout"): common <- guards <- config, stacks.
            {
              target: './modules/common/**',
              from: './modules/**',
              except: ['**/modules/common/**'],
              message: 'modules/common/ is the bottom layer: it imports no guard, config or stacks (move the shared fact into common/).',
            },
            {
              target: guardFolders,
              from: './modules/stacks/**',
              message:
                'a guard never imports modules/stacks/: the words hub and spoke stacks share with the guards live in modules/common/ (hub-names.ts, hub-hooks.ts).',
            },
            {
              target: './modules/config/**',
              from: guardFolders,
              message: 'modules/config/ sees the guards only through the registry (modules/stacks/guard-registry.ts): use a hook of the guard definition.',
            },
            ...guardFolderNames.map((guard) => ({
              target: `./modules/${guard}/**`,
              from: guardFolders,
              except: [`**/modules/${guard}/**`],
              message: 'a guard imports no other guard: move what two guards share into modules/common/.',
            })),
            {
              target: ['./modules/**', './handlers/**'],
              from: ['./scripts/**', './__tests__/**'],
              message: 'production code never imports scripts/ or tests.',
            },
            {
              target: ['./modules/**', './handlers/**'],
              from: './main.ts',
              message: 'production code never imports the CLI entry point.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: synthOnlyPackages, message: 'handlers/ runs in Lambda: no cdktf, constructs or @cdktf/* (synth-time only).' }] },
      ],
      // A handler reads its settings through its contract's typed reader, never the raw environment.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: "read the environment through the handler's contract.ts (readEnvironment, requireEnv, envAtLoad)." },
      ],
    },
  },
  {
    // The contracts are where the environment is read.
    files: ['handlers/*/contract.ts', 'handlers/common/member-account-names.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: pureHandlerFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: synthOnlyPackages, message: 'handlers/ runs in Lambda: no cdktf, constructs or @cdktf/* (synth-time only).' },
            { group: handlerRuntimePackages, message: 'a file shared with modules/ stays pure: no AWS SDK, logger or parser.' },
          ],
        },
      ],
    },
  },
  {
    // Strips control characters from untrusted text (alert subjects and bodies) on purpose.
    files: ['handlers/common/alert-format.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
  {
    // The package's command line: plain CommonJS run by node, loading the built library (lib/) with require().
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['__tests__/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      // Tests edit real event JSON in place to make edge cases; typing every fixture would add nothing.
      '@typescript-eslint/no-explicit-any': 'off',
      // Emulator tests load a handler with require() inside jest.isolateModules, after setting the
      // environment its clients read at module load.
      '@typescript-eslint/no-require-imports': 'off',
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
    },
  },
  {
    // Helpers are modules that suites import (a few declare a suite's shared `it`s for the suite
    // that calls them, with the title it passes); only *.test.ts files are test files.
    files: ['__tests__/helpers/**/*.ts'],
    rules: { 'jest/no-export': 'off', 'jest/valid-title': 'off' },
  },
);
