// Imported first by the handler tests: the function's environment as the Terraform sets it.
process.env.AWS_REGION = 'us-east-1';
process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:guards-alerts';
process.env.POWERTOOLS_SERVICE_NAME = 'signin-alert';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.RISKY_SIGN_INS_ONLY = 'false';
