import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import type { GuardsKey } from '../common/guards-key';
import type { HubMemberDirectoryAccess } from '../common/hub-hooks';
import { hubMemberDirectoryBucketName } from '../common/hub-names';
import { denyInsecureTransport, resourcePolicyJson } from '../common/iam-policy';
import { bucketWriteActions, makeBucketPrivate } from '../common/private-bucket';
import { memberDirectoryKey, memberDirectoryText } from '../../handlers/common/member-directory-format';

/** The bucket policy statement that lets only the writers change the directory (the emulator gaps name it too). */
export const directoryWritersSid = 'OnlyTheDeployerWritesTheDirectory';

export interface HubMemberDirectoryProps {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  /** The hub region's key: the object is encrypted with it (the hub functions already decrypt with it). */
  readonly key: GuardsKey;
  /** The only principals that may write the bucket, its objects and its configuration (the deployer, break-glass; wildcards allowed). */
  readonly writerArns: readonly string[];
}

/**
 * The member directory of one hub region: which accounts the hub serves, their names and the guards'
 * per-account lists (docs/hub-mode.md, "Member directory"). One S3 object, not the functions'
 * environment (Lambda allows 4 KB, about 85 accounts), not an SSM parameter (4 KB, 8 KB advanced),
 * not a DynamoDB item (400 KB: about 10,000 accounts with their names and no room for lists, and
 * one Terraform resource per item); an object holds up to 5 GB, and one resource per hub region
 * keeps synth and plan fast whatever the number of accounts. The bucket is private, versioned
 * (the functions read the exact version Terraform wrote) and encrypted with the hub key; its
 * policy lets only the writers change it. The content is set once every guard has said its lists
 * ({@link HubMemberDirectory.setContent}).
 */
export class HubMemberDirectory extends Construct {
  readonly access: HubMemberDirectoryAccess;
  private readonly object: S3Object;

  constructor(scope: Construct, id: string, props: HubMemberDirectoryProps) {
    super(scope, id);
    const { environment } = props;
    const bucketName = hubMemberDirectoryBucketName(props.namePrefix, environment.accountId, environment.region);
    // Only what Terraform derives from the config: destroying the stack may delete every version.
    const bucket = new S3Bucket(this, 'bucket', { bucket: bucketName, forceDestroy: true });
    const versioning = new S3BucketVersioning(this, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    makeBucketPrivate(this, bucket, props.key.arn);
    const bucketArn = arnFor(environment, 's3', bucketName, { global: true, noAccount: true });
    new S3BucketPolicy(this, 'policy', {
      bucket: bucket.id,
      policy: resourcePolicyJson([
        denyInsecureTransport(['s3:*'], [bucketArn, `${bucketArn}/*`]),
        // Who is served is what the hub acts on: nobody but the writers changes it, account
        // administrators included. Without a known deployer (no roleArn on the hub account, no
        // hub.protection) the policy cannot name one, and IAM alone governs writes.
        ...(props.writerArns.length > 0
          ? [
              {
                sid: directoryWritersSid,
                effect: 'Deny' as const,
                principal: '*',
                actions: bucketWriteActions,
                resources: [bucketArn, `${bucketArn}/*`],
                conditions: { ArnNotLike: { 'aws:PrincipalArn': [...props.writerArns] } },
              },
            ]
          : []),
      ]),
    });
    this.object = new S3Object(this, 'object', {
      bucket: bucket.id,
      key: memberDirectoryKey,
      content: memberDirectoryText([]),
      contentType: 'application/json',
      // Encrypted with the hub key whatever the order in which Terraform applies the bucket's encryption.
      serverSideEncryption: 'aws:kms',
      kmsKeyId: props.key.arn,
      bucketKeyEnabled: true,
      // A version id exists only once versioning is on: the functions read exactly this version.
      dependsOn: [versioning],
    });
    this.access = {
      location: { bucket: bucketName, versionId: this.object.versionId, bucketOwner: environment.accountId },
      readStatement: { sid: 'ReadsMemberDirectory', actions: ['s3:GetObjectVersion'], resources: [`${bucketArn}/${memberDirectoryKey}`] },
    };
  }

  /** The directory's content: every account of the config with its name, and the guards' lists. */
  setContent(
    accounts: readonly { readonly id: string; readonly name: string }[],
    lists: readonly Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>[],
  ): void {
    this.object.content = memberDirectoryText(accounts, lists);
  }
}
