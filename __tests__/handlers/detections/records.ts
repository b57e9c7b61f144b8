import { Detection } from '../../../handlers/detections/catalogue/detection';
import { detectionMatches } from '../../../handlers/detections/catalogue/event-pattern';
import { eventBridgeEnvelope, JsonRecord } from '../../helpers/cloudtrail-envelopes';
import { deliveredToEventBridge, fixtureNames, fixtureRecords } from '../../helpers/detection-coverage';

/** Every record of __tests__/fixtures/detections that EventBridge delivers, with its file. */
export const deliveredRecords: readonly { readonly file: string; readonly record: JsonRecord }[] = (['stratus', 'cis', 'records'] as const).flatMap((folder) =>
  fixtureNames(folder).flatMap((name) =>
    fixtureRecords(folder, name)
      .filter(deliveredToEventBridge)
      .map((record) => ({ file: `${folder}/${name}.json`, record })),
  ),
);

/** The project's real-shaped records a detection matches (its pattern, before its danger check). */
export function recordsOf(detection: Detection): { file: string; record: JsonRecord }[] {
  return deliveredRecords.filter(({ record }) => {
    const envelope = eventBridgeEnvelope(record);
    return detectionMatches(detection, String(envelope['detail-type']), record);
  });
}
