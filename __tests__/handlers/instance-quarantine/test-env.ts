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
// The settings the construct writes with their documented defaults (the handler has no defaults).
process.env.POWERTOOLS_SERVICE_NAME = 'instance-quarantine';
process.env.DRY_RUN = 'false';
process.env.EXEMPT_INSTANCE_IDS = '';
process.env.TRUST_EXEMPT_TAG = 'false';
process.env.EXEMPT_TAG_KEY = 'guards:quarantine-exempt';
process.env.SNAPSHOT_VOLUMES = 'true';
process.env.AUTO_SCALING_ACTION = 'detach';
process.env.FLEET_THRESHOLD = '5';
process.env.FLEET_MAX_QUARANTINES_PER_HOUR = '10';
process.env.GUARDDUTY_MIN_SEVERITY = '7';
process.env.METRIC_NAMESPACE = 'SecurityGuards/InstanceQuarantine';
process.env.NETWORK_ACL_DENY = 'false';
process.env.NETWORK_ACL_RULE_FROM = '1';
process.env.NETWORK_ACL_RULE_TO = '20';
// The trigger gates (issue 19), as the construct writes them with its defaults (modules/instance-quarantine/settings.ts).
process.env.MAX_QUARANTINES_PER_HOUR = '20';
process.env.ALARMED_INSTANCES = 'i-00fe7967fb7167c62,222222222222/i-00fe7967fb7167c62';
process.env.GUARDDUTY_ACT_ON_TYPES =
  'Backdoor:EC2/*,CryptoCurrency:EC2/*,Trojan:EC2/*,UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS,UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS';
process.env.GUARDDUTY_APPROVAL_TYPES =
  'Backdoor:EC2/C&CActivity.B!DNS,CryptoCurrency:EC2/BitcoinTool.B!DNS,Trojan:EC2/BlackholeTraffic!DNS,Trojan:EC2/DGADomainRequest.B,Trojan:EC2/DGADomainRequest.C!DNS,Trojan:EC2/DNSDataExfiltration,Trojan:EC2/DriveBySourceTraffic!DNS,Trojan:EC2/DropPoint!DNS,Trojan:EC2/PhishingDomainRequest!DNS,UnauthorizedAccess:EC2/*,Impact:EC2/*';
process.env.GUARDDUTY_NOTIFY_TYPES = 'Recon:EC2/*,PenTest:*,Discovery:*';
