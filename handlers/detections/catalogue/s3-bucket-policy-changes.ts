import { listAt, memberAt, textAt } from '../../common/cloudtrail-record';
import { Danger, defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';
import { allowedPrincipals, policyDocument, principalDangers } from './record-facts';

/** Expiration of log files sooner than this many days is treated as destroying evidence. */
const shortExpirationDays = 30;

/** Bucket policy, ACL, CORS, lifecycle and replication changes: exposure or silent deletion of data. */
export const s3BucketPolicyChanges = defineDetection({
  id: 's3-bucket-policy-changes',
  title: 'S3 bucket policy, ACL, lifecycle or replication changed',
  why: 'A bucket policy can open data to another account or to anyone; a short lifecycle rule deletes logs and evidence.',
  scope: 'regional',
  eventSource: 's3.amazonaws.com',
  eventNames: [
    'PutBucketAcl',
    'PutBucketPolicy',
    'PutBucketCors',
    'PutBucketLifecycle',
    'PutBucketReplication',
    'DeleteBucketPolicy',
    'DeleteBucketCors',
    'DeleteBucketLifecycle',
    'DeleteBucketReplication',
  ],
  cis: ['4.8'],
  stratus: ['aws.exfiltration.s3-backdoor-bucket-policy', 'aws.defense-evasion.cloudtrail-lifecycle-rule'],
  severity: 'medium',
  describe: (record) => {
    const dangers: Danger[] = [];
    if (record.eventName === 'PutBucketPolicy') {
      dangers.push(...principalDangers(allowedPrincipals(policyDocument(memberAt(record.requestParameters, 'bucketPolicy'))), record, 'the bucket policy'));
    }
    if (record.eventName === 'PutBucketLifecycle') {
      const days = listAt(record.requestParameters, 'LifecycleConfiguration', 'Rule')
        .map((rule) => Number(textAt(rule, 'Expiration', 'Days')))
        .filter((value) => Number.isFinite(value));
      const shortest = Math.min(...days);
      if (days.length > 0 && shortest < shortExpirationDays) {
        dangers.push({ marker: 'SHORT EXPIRATION', reason: `objects now expire after ${shortest} day(s): logs kept there are deleted` });
      }
    }
    return resourceFacts(record, 'bucket', ['bucketName'], dangers);
  },
});
