import { assertUntamperedRuntime } from '../../../handlers/common/runtime-integrity';

/** A Lambda environment as the runtime sets it (AWS_LAMBDA_FUNCTION_NAME is reserved), plus `extra`. */
const inLambda = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  AWS_LAMBDA_FUNCTION_NAME: 'guards-instance-quarantine',
  AWS_REGION: 'eu-west-1',
  NODE_PATH: '/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules',
  LD_LIBRARY_PATH: '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib',
  ...extra,
});

describe('assertUntamperedRuntime: a guard refuses a reconfigured runtime', () => {
  it("runs in Lambda's own environment, with Lambda's CA bundle", () => {
    expect(() => assertUntamperedRuntime(inLambda())).not.toThrow();
    expect(() => assertUntamperedRuntime(inLambda({ NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem' }))).not.toThrow();
  });

  it.each([
    ['NODE_OPTIONS', '--require /tmp/x.js'],
    ['AWS_LAMBDA_EXEC_WRAPPER', '/opt/wrapper'],
    ['LD_PRELOAD', '/opt/lib/hook.so'],
    ['NODE_EXTRA_CA_CERTS', '/opt/attacker-ca.pem'],
  ])('refuses when %s is set, naming it', (name, value) => {
    expect(() => assertUntamperedRuntime(inLambda({ [name]: value }))).toThrow(
      expect.objectContaining({ name: 'RuntimeTamperedError', message: expect.stringContaining(`refusing to run: ${name} is set`) }),
    );
  });

  it('names every variable that is set', () => {
    expect(() => assertUntamperedRuntime(inLambda({ NODE_OPTIONS: '--inspect', LD_PRELOAD: 'x' }))).toThrow('NODE_OPTIONS, LD_PRELOAD are set');
  });

  it("does not apply outside Lambda (a developer's NODE_OPTIONS in the handler tests)", () => {
    expect(() => assertUntamperedRuntime({ NODE_OPTIONS: '--max-old-space-size=4096' })).not.toThrow();
  });
});
