/**
 * The detection catalogue: one file per detection in this folder, one line per detection here
 * (cdk-nag's rule-per-file and registry). Order matters only for rendering: where one call matches
 * several detections, the first one listed renders the alert, so specific detections come before
 * the catch-alls (any refused call, any root call) at the end.
 * `__tests__/handlers/detections/catalogue.test.ts` fails for a detection without a record, a
 * mapping or a README row.
 */
import { Detection } from './detection';
import { accessKeyForOtherUser } from './access-key-for-other-user';
import { amiDeregistration } from './ami-deregistration';
import { amiSharing } from './ami-sharing';
import { bedrockModelAccess } from './bedrock-model-access';
import { cloudTrailChanges } from './cloudtrail-changes';
import { configChanges } from './config-changes';
import { ebsSnapshotSharing } from './ebs-snapshot-sharing';
import { federationToken } from './federation-token';
import { flowLogDeletion } from './flow-log-deletion';
import { iamPolicyChanges } from './iam-policy-changes';
import { identityProviderChanges } from './identity-provider-changes';
import { instanceConnectKey } from './instance-connect-key';
import { instanceUserDataChange } from './instance-user-data-change';
import { kmsKeyDisableOrDeletion } from './kms-key-disable-or-deletion';
import { lambdaCodeChange } from './lambda-code-change';
import { lambdaLayerChange } from './lambda-layer-change';
import { lambdaPermissionOutside } from './lambda-permission-outside';
import { loginProfileUpdate } from './login-profile-update';
import { naclChanges } from './nacl-changes';
import { networkGatewayChanges } from './network-gateway-changes';
import { organizationsChanges } from './organizations-changes';
import { rdsSnapshotSharing } from './rds-snapshot-sharing';
import { resolverQueryLogDeletion } from './resolver-query-log-deletion';
import { roleTrustChange } from './role-trust-change';
import { rolesAnywhereChanges } from './roles-anywhere-changes';
import { rootUsage } from './root-usage';
import { routeTableChanges } from './route-table-changes';
import { s3BucketPolicyChanges } from './s3-bucket-policy-changes';
import { sagemakerLifecycleChange } from './sagemaker-lifecycle-change';
import { serialConsoleAccess } from './serial-console-access';
import { ssmSendCommand } from './ssm-send-command';
import { ssmStartSession } from './ssm-start-session';
import { unauthorizedApiCalls } from './unauthorized-api-calls';
import { vpcChanges } from './vpc-changes';

export const detectionCatalogue = [
  cloudTrailChanges,
  flowLogDeletion,
  resolverQueryLogDeletion,
  kmsKeyDisableOrDeletion,
  configChanges,
  organizationsChanges,
  amiSharing,
  ebsSnapshotSharing,
  rdsSnapshotSharing,
  s3BucketPolicyChanges,
  amiDeregistration,
  roleTrustChange,
  loginProfileUpdate,
  accessKeyForOtherUser,
  identityProviderChanges,
  iamPolicyChanges,
  rolesAnywhereChanges,
  federationToken,
  lambdaPermissionOutside,
  lambdaCodeChange,
  lambdaLayerChange,
  ssmSendCommand,
  ssmStartSession,
  instanceConnectKey,
  serialConsoleAccess,
  instanceUserDataChange,
  sagemakerLifecycleChange,
  bedrockModelAccess,
  naclChanges,
  networkGatewayChanges,
  routeTableChanges,
  vpcChanges,
  rootUsage,
  unauthorizedApiCalls,
] as const satisfies readonly Detection[];

export type DetectionId = (typeof detectionCatalogue)[number]['id'];

export const detectionIds: readonly DetectionId[] = detectionCatalogue.map((detection) => detection.id);

export function detectionById(id: string): Detection | undefined {
  return detectionCatalogue.find((detection) => detection.id === id);
}
