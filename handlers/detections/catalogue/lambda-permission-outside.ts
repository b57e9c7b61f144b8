import { textAt } from '../../common/cloudtrail-record';
import { defineDetection } from './detection';
import { requestText, resourceFacts } from './describe-helpers';
import { guardResourceDangers, principalDangers } from './record-facts';

/** A Lambda function or layer permission for anyone or another account. */
export const lambdaPermissionOutside = defineDetection({
  id: 'lambda-permission-outside',
  title: 'Lambda permission for an outside principal',
  why: 'A function anyone (or another account) may invoke, or a layer another account may use, is a backdoor or a leak.',
  scope: 'regional',
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['AddPermission20150331v2', 'AddLayerVersionPermission20181031'],
  cis: [],
  stratus: ['aws.persistence.lambda-backdoor-function'],
  severity: 'high',
  // Service principals of this account (S3, EventBridge...) are the everyday use: alert on outside ones only.
  onlyWhenDangerous: true,
  describe: (record, { namePrefix }) => {
    const principal = textAt(record.requestParameters, 'principal');
    const withoutSource =
      principal?.endsWith('.amazonaws.com') && !textAt(record.requestParameters, 'sourceAccount') && !textAt(record.requestParameters, 'sourceArn');
    const dangers = [
      ...principalDangers(principal ? [principal] : [], record, 'the permission'),
      ...(withoutSource ? [{ marker: 'ANY ACCOUNT', reason: `service ${principal} may invoke it on behalf of any account (no source account or ARN)` }] : []),
      ...guardResourceDangers(requestText(record, 'functionName', 'layerName'), namePrefix, 'the function'),
    ];
    return resourceFacts(record, 'function or layer', ['functionName', 'layerName'], dangers, [{ label: 'Principal', value: principal }]);
  },
});
