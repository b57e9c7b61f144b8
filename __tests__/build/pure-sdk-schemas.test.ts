import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { markSchemaDeclarationsPure, pureSdkSchemas } from '../../scripts/pure-sdk-schemas';
import { repoRoot } from '../helpers/synth';

describe('pure-sdk-schemas esbuild plugin', () => {
  it('wraps each top-level schema array, single- or multi-line, and nothing else', () => {
    const source = ['const _a = "a";', 'var S = [0, n0, _a, 8, 0];', 'export var X$ = [3, n0, _a,', '    0, [() => S, { [_a]: 1 }]', '];', 'foo();'].join('\n');
    expect(markSchemaDeclarationsPure(source, 'schemas_0.js').split('\n')).toEqual([
      'const _a = "a";',
      'var S = /* @__PURE__ */ (() => [0, n0, _a, 8, 0])();',
      'export var X$ = /* @__PURE__ */ (() => [3, n0, _a,',
      '    0, [() => S, { [_a]: 1 }]',
      '])();',
      'foo();',
    ]);
  });

  it('keeps a bundled EC2 client able to send requests and read real responses', async () => {
    // Bundled with the plugin, talking to a local stand-in for EC2.
    const directory = mkdtempSync(path.join(tmpdir(), 'guards-sdk-'));
    const entry = path.join(directory, 'entry.mjs');
    writeFileSync(
      entry,
      "import { EC2Client, DescribeInstancesCommand } from '@aws-sdk/client-ec2';\n" +
        'export const describe = (endpoint) => new EC2Client({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } })' +
        '.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] }));\n',
    );
    const bundle = path.join(directory, 'bundle.mjs');
    await esbuild.build({
      entryPoints: [entry],
      nodePaths: [path.join(repoRoot, 'node_modules')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      mainFields: ['module', 'main'],
      minify: true,
      outfile: bundle,
      logLevel: 'error',
      plugins: [pureSdkSchemas()],
      banner: { js: "import{createRequire as __r}from'node:module';const require=__r(import.meta.url);" },
    });
    let requestBody = '';
    const server = createServer((request, response) => {
      request.on('data', (chunk: Buffer) => (requestBody += chunk.toString()));
      request.on('end', () => {
        response.setHeader('content-type', 'text/xml');
        response.end(
          '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><reservationSet><item>' +
            '<reservationId>r-1</reservationId><ownerId>111122223333</ownerId><instancesSet><item><instanceId>i-0123456789abcdef0</instanceId>' +
            '<instanceState><code>16</code><name>running</name></instanceState><networkInterfaceSet><item><networkInterfaceId>eni-1</networkInterfaceId>' +
            '<groupSet><item><groupId>sg-1</groupId><groupName>web</groupName></item></groupSet></item></networkInterfaceSet>' +
            '<tagSet><item><key>Name</key><value>web-01</value></item></tagSet></item></instancesSet></item></reservationSet></DescribeInstancesResponse>',
        );
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      // A separate node process: the bundle is ESM, as the Lambda runtime loads it.
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const script = `import(${JSON.stringify(pathToFileURL(bundle).href)}).then((m) => m.describe(${JSON.stringify(endpoint)})).then((r) => process.stdout.write(JSON.stringify(r)))`;
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: { ...process.env, NODE_NO_WARNINGS: '1' } });
      const result = JSON.parse(stdout);
      expect(requestBody).toContain('Action=DescribeInstances');
      expect(requestBody).toContain('InstanceId.1=i-0123456789abcdef0');
      const instance = result.Reservations[0].Instances[0];
      expect(result.Reservations[0].OwnerId).toBe('111122223333');
      expect(instance.State.Name).toBe('running');
      expect(instance.NetworkInterfaces[0].Groups).toEqual([{ GroupId: 'sg-1', GroupName: 'web' }]);
      expect(instance.Tags).toEqual([{ Key: 'Name', Value: 'web-01' }]);
    } finally {
      server.close();
    }
  });
});
