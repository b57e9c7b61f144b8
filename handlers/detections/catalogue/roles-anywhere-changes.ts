import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** IAM Roles Anywhere trust anchors and profiles: certificates from an outside CA get role credentials. */
export const rolesAnywhereChanges = defineDetection({
  id: 'roles-anywhere-changes',
  title: 'IAM Roles Anywhere trust anchor or profile created or changed',
  why: "A trust anchor lets holders of certificates from its CA obtain credentials of the profile's roles from anywhere.",
  scope: 'regional',
  eventSource: 'rolesanywhere.amazonaws.com',
  eventNames: ['CreateTrustAnchor', 'UpdateTrustAnchor', 'EnableTrustAnchor', 'CreateProfile', 'UpdateProfile'],
  cis: [],
  stratus: ['aws.persistence.rolesanywhere-create-trust-anchor'],
  severity: 'high',
  describe: (record) => resourceFacts(record, 'Roles Anywhere resource', ['name', 'trustAnchorId', 'profileId']),
});
