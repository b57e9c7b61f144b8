import { describeCaller } from '../../common/caller-identity';
import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** Federation tokens minted by an IAM user: sessions that outlive the user's key being disabled. */
export const federationToken = defineDetection({
  id: 'federation-token',
  title: 'Federation token created',
  why: "A federation token keeps working for up to 36 hours after its user's access key is disabled.",
  scope: 'regional',
  eventSource: 'sts.amazonaws.com',
  eventNames: ['GetFederationToken'],
  cis: [],
  stratus: ['aws.persistence.sts-federation-token'],
  severity: 'medium',
  describe: (record) => resourceFacts(record, 'federated user', ['name'], [], [{ label: 'Issued by', value: describeCaller(record.userIdentity).description }]),
});
