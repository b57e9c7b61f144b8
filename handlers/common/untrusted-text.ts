/**
 * Text an attacker may have written (an alarm's state reason set with SetAlarmState, a manual
 * invocation's reason), made safe to put into an alert body: control characters and Unicode
 * direction overrides shown as escapes (no forged line breaks or reordered text), the characters
 * that Markdown and HTML renderings of an alert interpret (chat relays, HTML mail) escaped with a
 * backslash, and the length capped. Pure.
 */
export const maxUntrustedLength = 500;

const markupCharacters = /[\\`*_[\]()<>#|~&]/g;
/** C0 and C1 controls, DEL, and the bidirectional formatting characters (by code: no control character in the source). */
function isInvisible(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x61c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

export function untrustedText(value: string, maxLength = maxUntrustedLength): string {
  const escaped = value
    .slice(0, maxLength)
    .replace(markupCharacters, (character) => `\\${character}`)
    .split('')
    .map((character) => (isInvisible(character.charCodeAt(0)) ? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}` : character))
    .join('');
  // The marker is the guard's own text, added after escaping.
  return value.length > maxLength ? `${escaped}...(cut)` : escaped;
}

/** A fact the alert shows with its origin, e.g. `reason (from the alarm, untrusted): ...`. */
export interface UntrustedFact {
  /** Where the text came from, e.g. `the alarm`, `the invoker`. */
  readonly from: string;
  readonly label: string;
  readonly value: string;
}

export function untrustedLine(fact: UntrustedFact): string {
  return `${fact.label} (from ${fact.from}, untrusted): ${untrustedText(fact.value)}`;
}
