/** Small builders the detections share to say which resource a call acted on. Pure. */
import { AlertFact } from '../../common/alert-format';
import { CloudTrailRecord, compactJson, textAt } from '../../common/cloudtrail-record';
import { Danger, DetectionFacts } from './detection';

/** The first request parameter present among `names`, e.g. `name` or `trailName`. */
export function requestText(record: CloudTrailRecord, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = textAt(record.requestParameters, ...name.split('.'));
    if (value) return value;
  }
  return undefined;
}

/** A resource named by its kind and the first request parameter found, the request as a fact. */
export function resourceFacts(
  record: CloudTrailRecord,
  kind: string,
  parameterNames: readonly string[],
  dangers: readonly Danger[] = [],
  facts: readonly AlertFact[] = [],
): DetectionFacts {
  const name = requestText(record, ...parameterNames);
  return {
    resource: name ? `${kind} ${name}` : undefined,
    facts: [...facts, { label: 'Request', value: compactJson(record.requestParameters) }],
    dangers,
  };
}
