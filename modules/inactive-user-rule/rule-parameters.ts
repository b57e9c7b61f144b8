import { Token } from 'cdktf';
import { jsonText, settingText } from '../common/token-text';

/**
 * The Config rule's input parameters as JSON text. Every value is a string (what the Config
 * console shows and edits); user names are comma-separated. A Terraform reference (an exported
 * module's variable) is resolved by `jsonencode` at plan.
 *
 * @example
 * inactiveUserRuleParameters({ maxInactiveDays: 90, newUserGraceDays: 30, exemptUserNames: ['break-glass'], exemptTagKey: 'guards:inactive-user-exempt', judgeEachCredential: false })
 * // '{"maxInactiveDays":"90","newUserGraceDays":"30","exemptTagKey":"guards:inactive-user-exempt","judgeEachCredential":"false","exemptUserNames":"break-glass"}'
 */
export function inactiveUserRuleParameters(settings: {
  readonly maxInactiveDays: number;
  readonly newUserGraceDays: number;
  readonly exemptUserNames: readonly string[];
  readonly exemptTagKey: string;
  readonly judgeEachCredential: boolean;
}): string {
  const document = {
    maxInactiveDays: settingText(settings.maxInactiveDays),
    newUserGraceDays: settingText(settings.newUserGraceDays),
    exemptTagKey: settings.exemptTagKey,
    judgeEachCredential: settingText(settings.judgeEachCredential),
    ...(settings.exemptUserNames.length > 0 ? { exemptUserNames: settings.exemptUserNames.join(',') } : {}),
  };
  return jsonText(document, Object.values(document).some((value) => Token.isUnresolved(value)));
}
