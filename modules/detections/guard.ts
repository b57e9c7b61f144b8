import { defineGuard } from '../common/guard-definition';
import { detectionIds } from '../../handlers/detections/contract';
import { Detections, DetectionsSettings, detectionsGuardName, detectionsHandlerName } from './index';
import { detectionsHub } from './hub';
import { detectionsModuleExport } from './module-export';
import { detectionsDefaults, detectionsSettingsSchema } from './settings';

/** The detections guard, as the registry, the config, the plans and `npm run modules` see it. */
export const detectionsGuard = defineGuard({
  configKey: 'detections',
  name: detectionsGuardName,
  scope: 'regional',
  scopeReason:
    'Most services deliver their CloudTrail events to EventBridge in the region of the call; the global detections (IAM, Organizations) are placed in the us-east-1 stack only, where EventBridge receives them.',
  handlers: [detectionsHandlerName],
  settingsSchema: detectionsSettingsSchema,
  defaults: detectionsDefaults,
  createConstruct: (scope, wiring, settings: DetectionsSettings) => new Detections(scope, detectionsGuardName, { ...settings, ...wiring }),
  moduleExport: detectionsModuleExport,
  hubMode: detectionsHub,
  // A suppression may name one detection: its alerts carry the detection's id.
  alertNames: detectionIds,
});
