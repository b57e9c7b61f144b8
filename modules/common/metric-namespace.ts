import { z } from 'zod';
import { withTerraformCheck } from './terraform-checks';

/**
 * A CloudWatch namespace for a guard's own metrics: 1-255 characters, not `AWS/...` (reserved for
 * AWS's metrics), checked at synth and, in an exported module, by Terraform.
 */
export const metricNamespace = withTerraformCheck(
  z
    .string()
    .min(1)
    .max(255)
    .refine((namespace) => !namespace.startsWith('AWS/'), 'must not start with AWS/ (reserved for AWS metrics)'),
  {
    condition: (reference) => `length(${reference}) > 0 && length(${reference}) <= 255 && !startswith(${reference}, "AWS/")`,
    mustBe: 'must be 1-255 characters and not start with AWS/',
  },
);
