// Imported first by the handler tests: the function's environment as the sg-change-alert Terraform sets it.
process.env.AWS_REGION = 'eu-west-1';
process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:guards-alerts';
process.env.POWERTOOLS_SERVICE_NAME = 'sg-change-alert';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
