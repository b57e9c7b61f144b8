/** EventBridge delivers EC2's CloudTrail events under source `aws.ec2`, in the region of the call. */
export function sgChangeEventPattern(eventNames: readonly string[]): Record<string, unknown> {
  return {
    source: ['aws.ec2'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: ['ec2.amazonaws.com'], eventName: [...eventNames] },
  };
}
