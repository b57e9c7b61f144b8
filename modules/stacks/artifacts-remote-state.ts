import { Construct } from 'constructs';
import { DataTerraformRemoteState, DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, Fn, NamedRemoteWorkspace, TerraformRemoteState } from 'cdktf';
import * as path from 'node:path';
import { PublishedArtifacts } from '../common/handler-assets';
import { GuardsConfig, GuardsConfigAccount } from '../config/guards-config';
import { fillNameTemplate } from './backend';

/** Name of the artifacts stack's output that maps each handler to its object's S3 version id. */
export const objectVersionsOutputName = 'object-versions';
/** With code signing: each handler's signed zip key, and the signing profile version. */
export const signedObjectKeysOutputName = 'signed-object-keys';
export const signingProfileVersionOutputName = 'signing-profile-version-arn';
export const signedObjectVersionsOutputName = 'signed-object-versions';

/**
 * The artifacts stack's state, read by a guard stack of the same region (`terraform_remote_state`
 * over the config's own backend), so that every function pins the exact object version the
 * artifacts stack uploaded: a later write to the same key (by anyone) never changes the code a
 * function runs. Returns each handler's version as a Terraform expression; `lookup` without a
 * default fails the plan when the artifacts stack has not published that handler yet.
 */
export function publishedArtifacts(
  scope: Construct,
  config: GuardsConfig,
  artifacts: { readonly name: string; readonly account: GuardsConfigAccount; readonly region: string },
  codeSigning: boolean,
): PublishedArtifacts {
  const state = artifactsState(scope, config, artifacts);
  return {
    objectVersion: (handlerName) => Fn.lookup(state.get(objectVersionsOutputName), handlerName),
    ...(codeSigning
      ? {
          signed: {
            objectKey: (handlerName: string) => Fn.lookup(state.get(signedObjectKeysOutputName), handlerName),
            objectVersion: (handlerName: string) => Fn.lookup(state.get(signedObjectVersionsOutputName), handlerName),
            profileVersionArn: state.getString(signingProfileVersionOutputName),
          },
        }
      : {}),
  };
}

function artifactsState(
  scope: Construct,
  config: GuardsConfig,
  artifacts: { name: string; account: GuardsConfigAccount; region: string },
): TerraformRemoteState {
  const id = 'artifacts-state';
  const backend = config.backend;
  switch (backend.type) {
    case 'local':
      // Stacks are synthesized side by side (cdktf.out/stacks/<name>/), each with its state inside.
      return new DataTerraformRemoteStateLocal(scope, id, { path: path.posix.join('..', artifacts.name, backend.path ?? 'terraform.tfstate') });
    case 's3':
      return new DataTerraformRemoteStateS3(scope, id, {
        bucket: backend.bucket,
        region: backend.region,
        key: fillNameTemplate(backend.keyTemplate, config, artifacts),
        ...(backend.roleArn ? { assumeRole: { roleArn: backend.roleArn } } : {}),
      });
    case 'cloud':
      return new DataTerraformRemoteState(scope, id, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedRemoteWorkspace(fillNameTemplate(backend.workspaceTemplate, config, artifacts)),
      });
  }
}
