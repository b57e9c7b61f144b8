// Imported first by the handler tests: the function's environment as the detections guard's Terraform sets it.
import { detectionIds } from '../../../handlers/detections/contract';

process.env.AWS_REGION = 'us-east-1';
process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:guards-alerts';
process.env.POWERTOOLS_SERVICE_NAME = 'detections';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.GUARDS_NAME_PREFIX = 'guards';
process.env.DETECTIONS = detectionIds.join(',');
process.env.DETECTION_ALLOW_LIST = '[]';
