// Imported first by the handler tests: the function's environment as the Terraform sets it.
process.env.AWS_REGION = 'us-west-1';
process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:us-west-1:111122223333:guards-alerts';
process.env.ISOLATION_GROUP_NAME = 'guards-quarantine-isolation';
process.env.ALLOW_ALL_GROUP_NAME = 'guards-quarantine-allow-all';
process.env.ALARM_NAME_PREFIX = 'guards-quarantine-';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.STATE_TABLE_NAME = 'guards-quarantine-state';
process.env.REVOCATION_POLICY_ARN = 'arn:aws:iam::111122223333:policy/guards-quarantine-revoke-instance-sessions-us-west-1';
// One approver, as the config's guards.instanceQuarantine.releaseApprovers names it.
process.env.RELEASE_APPROVERS = 'arn:aws:iam::111122223333:role/security-oncall';
process.env.RELEASE_APPROVAL_MAX_AGE_MINUTES = '60';
