import { listAt } from '../../common/cloudtrail-record';
import { defineDetection } from './detection';
import { requestText, resourceFacts } from './describe-helpers';
import { accountOfPrincipal, guardResourceDangers } from './record-facts';

/** A function's layers set: a layer (or an extension in it) runs inside every invocation. */
export const lambdaLayerChange = defineDetection({
  id: 'lambda-layer-change',
  title: 'Lambda function layers changed',
  why: "A layer, or a Lambda extension packed in one, runs with the function's role in every invocation.",
  scope: 'regional',
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['UpdateFunctionConfiguration20150331v2'],
  conditions: [{ path: 'requestParameters.layers', exists: true }],
  cis: [],
  stratus: ['aws.persistence.lambda-layer-extension'],
  severity: 'medium',
  describe: (record, { namePrefix }) => {
    const layers = listAt(record.requestParameters, 'layers').map(String);
    const outside = layers.filter((layer) => {
      const account = accountOfPrincipal(layer);
      return account !== undefined && account !== record.accountId;
    });
    return resourceFacts(
      record,
      'function',
      ['functionName'],
      [
        ...(outside.length > 0 ? [{ marker: 'OUTSIDE ACCOUNT', reason: `layers of another account: ${outside.join(', ')}` }] : []),
        ...guardResourceDangers(requestText(record, 'functionName'), namePrefix, 'the function'),
      ],
      [{ label: 'Layers', value: layers }],
    );
  },
});
