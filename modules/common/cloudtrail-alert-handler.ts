/**
 * The handler (folder under handlers/) that turns a CloudTrail API call from EventBridge into a
 * readable alert. iam-change-alert and sg-change-alert each run it in a function of their own, with
 * a role of their own that may only publish to the alert topic.
 */
export const cloudTrailAlertHandlerName = 'cloudtrail-alert';
