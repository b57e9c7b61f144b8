import type { ConfigIssue } from '../common/config-issue';

/** The parts of the config the paging channel's checks read. */
interface ConfigWithPaging {
  readonly alerts: { readonly emails: readonly string[]; readonly pageEmails: readonly string[] };
  readonly hub?: unknown;
}

/**
 * `alerts.pageEmails`, the second channel that pages when the alert topic loses subscribers or
 * fails deliveries: hub mode only (it watches the organization's topic), and other addresses than
 * `alerts.emails` (the same inbox would be no second channel), each once. Each issue names its field.
 */
export function pageChannelIssues(config: ConfigWithPaging): ConfigIssue[] {
  const { emails, pageEmails } = config.alerts;
  if (pageEmails.length === 0) return [];
  if (!config.hub) {
    return [{ path: ['alerts', 'pageEmails'], message: 'is for hub mode only (it watches the organization alert topic); remove it or add hub' }];
  }
  const issues: ConfigIssue[] = [];
  const alertAddresses = new Set(emails.map((email) => email.toLowerCase()));
  const seen = new Set<string>();
  pageEmails.forEach((email, index) => {
    const address = email.toLowerCase();
    if (alertAddresses.has(address)) {
      issues.push({ path: ['alerts', 'pageEmails', index], message: `${email} is in alerts.emails too: the second channel needs another inbox` });
    }
    if (seen.has(address)) issues.push({ path: ['alerts', 'pageEmails', index], message: `${email} is listed twice` });
    seen.add(address);
  });
  return issues;
}
