import type { HubContext } from '../common/hub-hooks';
import { GuardsConfig } from '../config/guards-config';
import { GuardDefinition } from './guard-registry';
import { mergedSettings, placedGuard } from './org-plan';

/** What one guard's hub hooks are told about the organization: the config, the hub, and where the guard is on (the hub stack adds its region's member directory). */
export function hubContextOf(config: GuardsConfig, definition: GuardDefinition): HubContext {
  const on = (account: GuardsConfig['accounts'][number]) => {
    const settings = mergedSettings(config, account, definition.configKey as keyof GuardsConfig['guards']);
    return settings !== undefined && settings.enabled !== false;
  };
  return {
    config,
    hub: config.hub!,
    memberIds: config.accounts.filter(on).map((account) => account.id),
    excludedIds: config.accounts.filter((account) => !on(account)).map((account) => account.id),
    memberSettings: Object.fromEntries(
      config.accounts.flatMap((account) => {
        const placed = placedGuard(config, account, definition as Parameters<typeof placedGuard>[2]);
        return placed ? [[account.id, placed.settings]] : [];
      }),
    ),
  };
}

/** The hooks of a guard the hub plan placed (the plan places only guards whose definition has them). */
export function hubHooksOf(definition: GuardDefinition): NonNullable<GuardDefinition['hubMode']> {
  if (!definition.hubMode) throw new Error(`${definition.name}: placed in a hub stack without hub hooks`);
  return definition.hubMode;
}
