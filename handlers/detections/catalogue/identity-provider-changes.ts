import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** A SAML or OIDC identity provider created or changed: a new way to federate into the account. */
export const identityProviderChanges = defineDetection({
  id: 'identity-provider-changes',
  title: 'SAML or OIDC identity provider created or changed',
  why: 'Roles that trust a provider can be assumed by whoever controls it; a new provider is a new door.',
  scope: 'global',
  eventSource: 'iam.amazonaws.com',
  eventNames: [
    'CreateSAMLProvider',
    'UpdateSAMLProvider',
    'CreateOpenIDConnectProvider',
    'AddClientIDToOpenIDConnectProvider',
    'UpdateOpenIDConnectProviderThumbprint',
  ],
  cis: [],
  stratus: [],
  // Domain or Tenant Policy Modification: Trust Modification.
  attack: ['T1484.002'],
  severity: 'high',
  describe: (record) => resourceFacts(record, 'identity provider', ['name', 'url', 'sAMLProviderArn', 'openIDConnectProviderArn']),
});
