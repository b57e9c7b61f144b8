import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { InvalidEventError } from '../../../handlers/common/errors';
import { guardHandler } from '../../../handlers/common/guard-handler';

/** A Powertools logger whose JSON lines a test reads (Powertools writes them to stdout and stderr). */
function recordingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const record = (chunk: unknown) => (written.push(String(chunk)), true);
  jest.spyOn(process.stdout, 'write').mockImplementation(record);
  jest.spyOn(process.stderr, 'write').mockImplementation(record);
  const logger = new Logger({ serviceName: 'test-guard', logLevel: 'INFO' });
  return {
    logger,
    lines: () =>
      written
        .flatMap((chunk) => chunk.split('\n'))
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const lambdaContext = {
  functionName: 'guards-test-guard',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:guards-test-guard',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

afterEach(() => jest.restoreAllMocks());

describe('guardHandler', () => {
  it('reads the settings, parses, then hands the parsed input, settings and context to the guard', async () => {
    const order: string[] = [];
    const handler = guardHandler({
      logger: new Logger({ serviceName: 'test-guard', logLevel: 'SILENT' }),
      settings: (event) => (order.push(`settings ${JSON.stringify(event)}`), { threshold: 2 }),
      parse: (event, settings) => (order.push(`parse with ${settings.threshold}`), (event as { count: number }).count),
      handle: async (count, settings, context) => (
        order.push('handle'),
        { over: count > settings.threshold, remaining: context?.getRemainingTimeInMillis?.() }
      ),
    });
    await expect(handler({ count: 3 }, lambdaContext)).resolves.toEqual({ over: true, remaining: 30_000 });
    expect(order).toEqual(['settings {"count":3}', 'parse with 2', 'handle']);
  });

  it('puts the Lambda context into every log line of the invocation', async () => {
    const { logger, lines } = recordingLogger();
    const handler = guardHandler({ logger, settings: () => undefined, parse: () => 'input', handle: async () => logger.info('acted') });
    await handler({}, lambdaContext);
    expect(lines()).toEqual([
      expect.objectContaining({ message: 'acted', function_request_id: lambdaContext.awsRequestId, function_name: 'guards-test-guard' }),
    ]);
  });

  it('logs a malformed event with its kind and problem, throws it, and never acts', async () => {
    const { logger, lines } = recordingLogger();
    const handle = jest.fn();
    const handler = guardHandler({
      logger,
      settings: () => undefined,
      parse: () => {
        throw new InvalidEventError('detail.eventName: missing', 'eventbridge-cloudtrail');
      },
      handle,
    });
    await expect(handler({})).rejects.toThrow('detail.eventName: missing');
    expect(handle).not.toHaveBeenCalled();
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'invalid event', eventKind: 'eventbridge-cloudtrail', problem: 'detail.eventName: missing' }),
    ]);
  });

  it('fails before parsing when the settings cannot be read (a missing variable), without logging it as an invalid event', async () => {
    const { logger, lines } = recordingLogger();
    const parse = jest.fn();
    const handler = guardHandler({
      logger,
      settings: () => {
        throw new Error('ALERT_TOPIC_ARN environment variable is not set');
      },
      parse,
      handle: async () => undefined,
    });
    await expect(handler({})).rejects.toThrow('ALERT_TOPIC_ARN environment variable is not set');
    expect(parse).not.toHaveBeenCalled();
    expect(lines()).toEqual([]);
  });

  it('refuses to run, before reading settings or the event, when Lambda runs it with NODE_OPTIONS set, and logs why', async () => {
    const { logger, lines } = recordingLogger();
    const saved = { name: process.env.AWS_LAMBDA_FUNCTION_NAME, options: process.env.NODE_OPTIONS };
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'guards-test-guard';
    process.env.NODE_OPTIONS = '--require /tmp/payload.js';
    const calls: string[] = [];
    const handler = guardHandler({
      logger,
      settings: () => (calls.push('settings'), undefined),
      parse: () => (calls.push('parse'), undefined),
      handle: async () => (calls.push('handle'), 'done'),
    });
    try {
      await expect(handler({}, lambdaContext)).rejects.toMatchObject({
        name: 'RuntimeTamperedError',
        message: expect.stringContaining('refusing to run: NODE_OPTIONS'),
      });
    } finally {
      if (saved.name === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = saved.name;
      if (saved.options === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved.options;
    }
    expect(calls).toEqual([]);
    expect(lines()).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'runtime reconfigured', problem: expect.stringContaining('NODE_OPTIONS') }),
    );
  });
});
