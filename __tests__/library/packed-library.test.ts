/**
 * The project as a library, the way a team with its own CDKTF app uses it: packed with `npm pack`,
 * installed from the tarball into a fresh app outside this repository (its own cdktf, constructs and
 * AWS provider at the project's versions, from the npm cache), one guard added to that app's own
 * stack, type-checked against the shipped declarations and synthesized there.
 */
import { Testing, TerraformStack } from 'cdktf';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AlertTopic, GuardsKey, SgChangeAlert } from '../../modules';
import { repoRoot } from '../helpers/synth';

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly peerDependencies: Record<string, string>;
}

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

const projectPackage = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
const zipsDir = path.join(repoRoot, 'dist', 'handlers');

/** The consumer's whole app: nothing in it knows this repository, only the package name. */
const consumerApp = `
import { TerraformStack, Testing } from 'cdktf';
import { AlertTopic, GuardsKey, SgChangeAlert } from '${projectPackage.name}';

export function synthesizeConsumerStack(): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'consumer');
  const environment = { accountId: '123456789012', region: 'eu-west-1' };
  const key = new GuardsKey(stack, 'key', { environment, namePrefix: 'acme' });
  const alertTopic = new AlertTopic(stack, 'alerts', { environment, namePrefix: 'acme', key, emails: ['secops@example.com'] });
  new SgChangeAlert(stack, 'sg-change-alert', { environment, namePrefix: 'acme', key, alertTopic });
  return Testing.synth(stack);
}
`;

/** The same stack built from this repository's sources, in this process. */
function synthesizeFromSource(): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'consumer');
  const environment = { accountId: '123456789012', region: 'eu-west-1' };
  const key = new GuardsKey(stack, 'key', { environment, namePrefix: 'acme' });
  const alertTopic = new AlertTopic(stack, 'alerts', { environment, namePrefix: 'acme', key, emails: ['secops@example.com'] });
  new SgChangeAlert(stack, 'sg-change-alert', { environment, namePrefix: 'acme', key, alertTopic });
  return Testing.synth(stack);
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

describe('the packed library in a fresh CDKTF app', () => {
  let workDir: string;
  let packed: PackResult;
  let installedPackageDir: string;
  let synthesized: string;

  beforeAll(() => {
    const zipPath = path.join(zipsDir, 'cloudtrail-alert.zip');
    if (!existsSync(zipPath)) throw new Error(`${zipPath} is missing: run \`npm run build\` first (npm test does)`);
    workDir = mkdtempSync(path.join(tmpdir(), 'guards-packed-library-'));

    // prepack would rebuild the zips that other test files read at the same time: build only the library here.
    run('npm', ['run', 'build:lib', '--silent'], repoRoot);
    const packDir = path.join(workDir, 'pack');
    mkdirSync(packDir);
    [packed] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], repoRoot)) as PackResult[];

    const appDir = path.join(workDir, 'app');
    mkdirSync(appDir);
    const peers = projectPackage.peerDependencies;
    writeFileSync(
      path.join(appDir, 'package.json'),
      JSON.stringify({
        name: 'guards-consumer',
        version: '1.0.0',
        private: true,
        dependencies: {
          cdktf: peers.cdktf,
          constructs: peers.constructs,
          '@cdktf/provider-aws': peers['@cdktf/provider-aws'],
          [projectPackage.name]: `file:${path.join(packDir, packed.filename)}`,
        },
      }),
    );
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], appDir);
    installedPackageDir = path.join(appDir, 'node_modules', projectPackage.name);

    writeFileSync(path.join(appDir, 'app.ts'), consumerApp);
    // node16 resolution reads the package's `exports` and `types` as a consumer's compiler would.
    writeFileSync(
      path.join(appDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', skipLibCheck: true, types: [], outDir: 'out' },
        files: ['app.ts'],
      }),
    );
    run(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], appDir);
    synthesized = run(process.execPath, ['-e', "process.stdout.write(require('./out/app.js').synthesizeConsumerStack())"], appDir);
  }, 600_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('ships the built library with declarations and every handler zip, and no sources or tests', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'lib/modules/index.js', 'lib/modules/index.d.ts', 'lib/modules/stacks/synth-worker.js']));
    const builtZips = ['cloudtrail-alert', 'exposed-ports-rule', 'inactive-user-rule', 'instance-quarantine', 'region-lockdown', 'signin-alert'];
    for (const handler of builtZips) expect(files).toContain(`dist/handlers/${handler}.zip`);
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => file.startsWith('__tests__/') || file.startsWith('scripts/') || file.startsWith('handlers/'))).toEqual([]);
  });

  it('ships `guards replay` as a bin that runs from the built package: the replay of one event, and a clear error for an unreadable one', () => {
    expect(packed.files.map((file) => file.path)).toEqual(expect.arrayContaining(['bin/guards.js', 'lib/scripts/replay/replay-command.js']));
    const bin = path.join(path.dirname(installedPackageDir), '.bin', 'guards');
    const replay = (event: string) =>
      spawnSync(process.execPath, [bin, 'replay', '--config', path.join(repoRoot, 'examples', 'single-account.yaml'), '--event', event], {
        cwd: path.dirname(path.dirname(installedPackageDir)),
        encoding: 'utf8',
      });
    const replayed = replay(path.join(repoRoot, '..', 'shared', 'fixtures', 'events', 'createuser-assumedrole.json'));
    expect([replayed.status, replayed.stderr]).toEqual([0, '']);
    expect(replayed.stdout).toContain('== sandbox-us-east-1 (standalone): rule guards-region-lockdown-new-user -> guards-region-lockdown (region-lockdown)');
    expect(replayed.stdout).toContain('Subject: IAM CreateUser user new-user in 123456789012 by Tester');
    const malformed = path.join(repoRoot, '__tests__', 'fixtures', 'replay', 'alarm-sns-message-not-json.json');
    const refused = replay(malformed);
    expect([refused.status, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      `${malformed}: event.Records[0].Sns.Message: not a CloudWatch alarm notification (a JSON text with AlarmName)\n`,
    ]);
  });

  it("synthesizes the guard in the app's own stack, with the handler zip taken from the installed package", () => {
    const resources = (JSON.parse(synthesized) as { resource: Resources }).resource;
    const [lambda] = Object.values(resources.aws_lambda_function);
    expect(lambda.function_name).toBe('acme-sg-change-alert');
    expect(lambda.runtime).toBe('nodejs22.x');
    const shippedZip = readFileSync(path.join(installedPackageDir, 'dist', 'handlers', 'cloudtrail-alert.zip'));
    expect(lambda.source_code_hash).toBe(createHash('sha256').update(shippedZip).digest('base64'));
    expect(String(lambda.filename)).toMatch(/\/cloudtrail-alert\.zip$/);
    const [rule] = Object.values(resources.aws_cloudwatch_event_rule);
    expect(rule.name).toBe('acme-sg-changes');
    expect(JSON.parse(String(rule.event_pattern))).toMatchObject({ source: ['aws.ec2'] });
    const [topic] = Object.values(resources.aws_sns_topic);
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
  });

  it('synthesizes exactly what the same stack built from the sources does', () => {
    expect(synthesized).toBe(synthesizeFromSource());
  });

  it('matches the snapshot (zip hashes masked: the handler snapshots in __tests__/modules cover them)', () => {
    const zip = readFileSync(path.join(zipsDir, 'cloudtrail-alert.zip'));
    const masked = synthesized
      .split(createHash('sha256').update(zip).digest('base64'))
      .join('<zip sha256>')
      .replace(/(assets\/[^/"]+\/)[0-9A-F]{32}\//g, '$1<asset hash>/');
    expect(JSON.parse(masked)).toMatchSnapshot();
  });
});
