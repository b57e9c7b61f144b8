import serializer from './zip-hash-serializer';

// The printer stands for jest's: the serializer hands it the value to print.
const print = (value: unknown): unknown =>
  JSON.parse(serializer.serialize(value, {} as never, '', 0, [], (printed: unknown) => JSON.stringify(printed)) as string);

describe('zip hash snapshot serializer', () => {
  const lambdaFunction = {
    function_name: 'acme-sg-change-alert',
    filename: 'assets/handler-assets_cloudtrail-alert_31F2182F/D7D0C08B896C8C1568D5585B49EDFAC3/cloudtrail-alert.zip',
    source_code_hash: '6IoImmO1+KLqVmwhZzT6E/uVucQxNGMnX0w6/b003dY=',
    handler: 'index.handler',
  };

  it('writes the zip hash and the asset folder hash as placeholders, and nothing else', () => {
    expect(serializer.test(lambdaFunction)).toBe(true);
    expect(print(lambdaFunction)).toEqual({
      function_name: 'acme-sg-change-alert',
      filename: 'assets/handler-assets_cloudtrail-alert_31F2182F/<asset hash>/cloudtrail-alert.zip',
      source_code_hash: '<zip sha256>',
      handler: 'index.handler',
    });
  });

  it('leaves objects without zip references, and already masked ones, to the other serializers', () => {
    expect(serializer.test({ filename: 'handlers/cloudtrail-alert.zip', name: 'x' })).toBe(false);
    expect(serializer.test(print(lambdaFunction))).toBe(false);
    expect(serializer.test(['assets/a/D7D0C08B896C8C1568D5585B49EDFAC3/b.zip'])).toBe(false);
    expect(serializer.test('6IoImmO1+KLqVmwhZzT6E/uVucQxNGMnX0w6/b003dY=')).toBe(false);
  });
});
