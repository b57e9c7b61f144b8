import { describeAwsError } from '../common/aws-errors';

export type StepStatus = 'done' | 'skipped' | 'failed' | 'planned';

/** One containment or release step, as reported. */
export interface StepResult {
  readonly step: string;
  readonly status: StepStatus;
  readonly detail: string;
}

/**
 * Runs one step and reports it; a failure is recorded, not thrown, so that the later steps still
 * run (containment matters more than reversibility) and the report lists what failed.
 */
export async function runStep(step: string, work: () => Promise<{ status: 'done' | 'skipped'; detail: string }>): Promise<StepResult> {
  try {
    return { step, ...(await work()) };
  } catch (error) {
    return { step, status: 'failed', detail: describeAwsError(error) };
  }
}

/** Thrown after the report is published, so that Lambda retries and finally keeps the event. */
export class ContainmentIncompleteError extends Error {
  constructor(
    readonly instanceId: string,
    readonly failedSteps: readonly StepResult[],
  ) {
    super(`${instanceId}: ${failedSteps.length} step(s) failed: ${failedSteps.map((step) => `${step.step} (${step.detail})`).join('; ')}`);
    this.name = 'ContainmentIncompleteError';
  }
}
