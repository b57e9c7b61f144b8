import { Construct } from 'constructs';
import { AssetType, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import { IndependentStack } from './independent-stack';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { arnFor } from '../common/aws-environment';
import { artifactKey, handlerZip } from '../common/handler-assets';
import { resourcePolicyJson } from '../common/iam-policy';
import { bucketWriteActions, makeBucketPrivate } from '../common/private-bucket';
import { GuardsConfig, GuardsConfigAccount } from '../config/guards-config';
import { addBackend } from './backend';
import { AppliedGap } from './emulator-gaps';
import { localEmulatorTerraform } from './local-emulator-stack';
import { addAwsProvider } from './aws-provider';
import {
  objectVersionsOutputName,
  signedObjectKeysOutputName,
  signedObjectVersionsOutputName,
  signingProfileVersionOutputName,
} from './artifacts-remote-state';
import { DataAwsS3Object } from '@cdktf/provider-aws/lib/data-aws-s3-object';
import { SignerSigningJob } from '@cdktf/provider-aws/lib/signer-signing-job';
import { SignerSigningProfile } from '@cdktf/provider-aws/lib/signer-signing-profile';
import { SignerSigningProfilePermission } from '@cdktf/provider-aws/lib/signer-signing-profile-permission';

/** Writes to an artifact bucket, its objects and its configuration: denied to all but the publisher. */
export const artifactBucketWriteActions = bucketWriteActions;

/** `artifacts-<region>`: the stack that publishes the handler code of one region. */
export function artifactsStackName(region: string): string {
  return `artifacts-${region}`;
}

export function artifactBucketName(bucketPrefix: string, region: string): string {
  return `${bucketPrefix}-${region}`;
}

/** Where the signing jobs write the signed zips: a prefix of their own, beside the unsigned `handlers/`. */
export function signedArtifactPrefix(handlerName: string): string {
  return `signed/${handlerName}/`;
}

export interface ArtifactsStackProps {
  readonly config: GuardsConfig;
  /** The account that holds the buckets. */
  readonly account: GuardsConfigAccount;
  readonly region: string;
  readonly bucketPrefix: string;
  /** Lets the whole organization read; otherwise `readerAccountIds` are listed. */
  readonly organizationId?: string;
  /**
   * The accounts whose guard functions run this region's code (in hub mode the hub alone): only
   * they may read the zips and verify their signatures. Listing every account of the config made
   * 10,000 signing-profile permissions per region in a 10,000-account hub organization, and a
   * bucket policy far over S3's 20 KB.
   */
  readonly readerAccountIds: readonly string[];
  /** The handler zips to publish. */
  readonly handlerNames: readonly string[];
  /** The only principals that may write to the bucket (the deploying role). */
  readonly publisherArns: readonly string[];
  /** Sign each zip with an AWS Signer profile for Lambda code signing. @default false */
  readonly codeSigning?: boolean;
}

/**
 * Publishes the handler zips of one region, once, to a versioned, encrypted, private bucket that
 * the organization's accounts may read (Lambda takes code only from a bucket in its own region).
 * Objects are content-addressed, so a deploy never changes the code under a running function.
 */
export class ArtifactsStack extends IndependentStack {
  /** What `localEndpoint` left out of this stack (empty when the option is unset). */
  readonly localEmulatorReport: { leftOut: AppliedGap[] } = { leftOut: [] };
  private readonly localEndpoint: string | undefined;

  constructor(scope: Construct, props: ArtifactsStackProps) {
    const name = artifactsStackName(props.region);
    super(scope, name);
    this.localEndpoint = props.config.localEndpoint;
    const { config, account, region } = props;
    const bucketName = artifactBucketName(props.bucketPrefix, region);
    addAwsProvider(this, config, account, region);
    addBackend(this, config, { name, account, region });

    // The bucket holds only versions of code built from this repository, which a deploy publishes
    // again: destroying the stack may delete them (a versioned bucket keeps every old version, so
    // without this `cdktf destroy` stops at BucketNotEmpty, as the emulator test showed).
    const bucket = new S3Bucket(this, 'bucket', { bucket: bucketName, forceDestroy: true });
    new S3BucketVersioning(this, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    makeBucketPrivate(this, bucket);

    const bucketArn = arnFor({ accountId: account.id, region }, 's3', bucketName, { global: true, noAccount: true });
    const readers = props.organizationId
      ? { principal: { AWS: '*' }, conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } } }
      : {
          principal: { AWS: props.readerAccountIds.map((readerId) => arnFor({ accountId: readerId, region }, 'iam', 'root', { global: true })) },
          conditions: undefined,
        };
    const publishers = { ArnNotEquals: { 'aws:PrincipalArn': [...props.publisherArns] } };
    new S3BucketPolicy(this, 'policy', {
      bucket: bucket.id,
      policy: resourcePolicyJson([
        {
          // With code signing, functions run the signed zips only: the unsigned ones are the publisher's.
          sid: 'GuardAccountsReadHandlerCode',
          principal: readers.principal,
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [props.codeSigning ? `${bucketArn}/signed/*` : `${bucketArn}/handlers/*`],
          ...(readers.conditions ? { conditions: readers.conditions } : {}),
        },
        ...(props.codeSigning
          ? [
              {
                // A signing job reads its source with its caller's credentials: nobody but the
                // publisher can have an unsigned zip signed (nor write the result, below).
                sid: 'OnlyThePublisherReadsUnsignedCode',
                effect: 'Deny' as const,
                principal: '*',
                actions: ['s3:GetObject', 's3:GetObjectVersion'],
                resources: [`${bucketArn}/handlers/*`],
                conditions: publishers,
              },
            ]
          : []),
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principal: '*',
          actions: ['s3:*'],
          resources: [bucketArn, `${bucketArn}/*`],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          // The code every guard function runs: nobody but the publisher may change what is in the
          // bucket or who may (account administrators included). Versions pin the functions anyway.
          sid: 'OnlyThePublisherWritesHandlerCode',
          effect: 'Deny',
          principal: '*',
          actions: artifactBucketWriteActions,
          resources: [bucketArn, `${bucketArn}/*`],
          conditions: publishers,
        },
      ]),
    });

    const versions: Record<string, string> = {};
    const signedKeys: Record<string, string> = {};
    const signedVersions: Record<string, string> = {};
    const profile = props.codeSigning
      ? new SignerSigningProfile(this, 'signing-profile', {
          // Profile names allow letters, digits and underscores only.
          namePrefix: `${config.name.replace(/-/g, '_')}_handlers_`,
          platformId: 'AWSLambda-SHA384-ECDSA',
          signatureValidityPeriod: { type: 'YEARS', value: 5 },
        })
      : undefined;
    if (profile) {
      // Lambda in the guard accounts checks signatures against this profile's version.
      props.readerAccountIds.forEach((readerId) => {
        new SignerSigningProfilePermission(this, `signing-profile-read-${readerId}`, {
          profileName: profile.name,
          action: 'signer:GetSigningProfile',
          principal: readerId,
          statementIdPrefix: 'guard-account-',
        });
      });
      // Signing is the publisher's alone: a profile permission for it (a publisher in another
      // account needs it), the bucket policy above, and the hub SCP's deny of signer:StartSigningJob.
      props.publisherArns.forEach((publisherArn, index) => {
        new SignerSigningProfilePermission(this, `signing-profile-publisher-${index}`, {
          profileName: profile.name,
          action: 'signer:StartSigningJob',
          principal: publisherArn,
          statementIdPrefix: 'publisher-',
        });
      });
    }
    for (const handlerName of props.handlerNames) {
      const zip = handlerZip(handlerName);
      const asset = new TerraformAsset(this, `zip-${handlerName}`, { path: zip.file, type: AssetType.FILE });
      const object = new S3Object(this, `object-${handlerName}`, {
        bucket: bucket.id,
        key: artifactKey(handlerName),
        source: asset.path,
        sourceHash: zip.sha256Base64,
        contentType: 'application/zip',
      });
      versions[handlerName] = object.versionId;
      if (profile) {
        // Signs exactly the uploaded version; the signed zip lands under signed/, a key of its own.
        const job = new SignerSigningJob(this, `signing-job-${handlerName}`, {
          profileName: profile.name,
          source: { s3: { bucket: bucket.id, key: object.key, version: object.versionId } },
          destination: { s3: { bucket: bucket.id, prefix: signedArtifactPrefix(handlerName) } },
        });
        signedKeys[handlerName] = job.signedObject.get(0).s3.get(0).key;
        // The signed zip's version, read once the job wrote it: functions pin it as they pin the
        // unsigned one, so a later write to the same key never changes the code they run.
        const signedObject = new DataAwsS3Object(this, `signed-object-${handlerName}`, { bucket: bucket.id, key: signedKeys[handlerName] });
        signedVersions[handlerName] = signedObject.versionId;
      }
    }
    if (profile) {
      new TerraformOutput(this, signedObjectKeysOutputName, { description: 'Key of each signed handler zip', value: signedKeys });
      new TerraformOutput(this, signedObjectVersionsOutputName, { description: 'S3 version id of each signed handler zip', value: signedVersions });
      new TerraformOutput(this, signingProfileVersionOutputName, {
        description: 'Signing profile version that guard functions trust',
        value: profile.versionArn,
      });
    }
    new TerraformOutput(this, objectVersionsOutputName, {
      description: 'S3 version id of each handler zip: the guard stacks of this region pin their functions to these',
      value: versions,
    });
    new TerraformOutput(this, 'bucket-name', { description: 'Bucket that holds the handler code of this region', value: bucket.bucket });
  }

  /** With `localEndpoint` set, the Terraform for the local emulator (see local-emulator-stack.ts). */
  override toTerraform(): ReturnType<TerraformStack['toTerraform']> {
    return localEmulatorTerraform(super.toTerraform(), this.localEndpoint, this.localEmulatorReport);
  }
}
