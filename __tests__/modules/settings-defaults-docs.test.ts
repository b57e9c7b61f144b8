/**
 * The documented defaults (the TSDoc `@default` of each setting, shown by editors and in the
 * construct docs) are the defaults the code fills in: each guard's `defaults` object. One fact in
 * two places, so a test keeps them equal.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { guardRegistry } from '../../modules/stacks/guard-registry';
import { repoRoot } from '../helpers/synth';

/** Files whose interfaces the guards' settings interfaces are made of. */
const sharedSettingFiles = ['modules/common/trail-source-settings.ts'];

/** `setting -> @default text` of every documented member (`readonly name?:`) in a file. */
function documentedDefaults(file: string): Map<string, string> {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const defaults = new Map<string, string>();
  for (const match of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly (\w+)\?:/g)) {
    const tag = /@default\s+([\s\S]*?)\s*(?:\n\s*\*\s*@|$)/.exec(match[1].replace(/\n\s*\*\s?/g, '\n').trim());
    if (tag) defaults.set(match[2], tag[1].replace(/\s*\n\s*/g, ' ').trim());
  }
  return defaults;
}

/** A TSDoc literal (`'a'`, `[1, 2]`, `{ from: 1, to: 20 }`, `true`) as a value. */
function literal(text: string): unknown {
  const json = text.replace(/'([^']*)'/g, (_quoted, inner: string) => JSON.stringify(inner)).replace(/([{,]\s*)([A-Za-z_]\w*)\s*:/g, '$1"$2":');
  return JSON.parse(json);
}

describe.each(guardRegistry.map((guard) => [guard.name, guard] as const))('%s', (name, guard) => {
  const documented = new Map([...sharedSettingFiles, `modules/${name}/settings.ts`].flatMap((file) => [...documentedDefaults(file)]));
  const defaults = guard.defaults as Readonly<Record<string, unknown>>;

  it('documents each default with @default, as the defaults object has it', () => {
    for (const [setting, value] of Object.entries(defaults)) {
      const text = documented.get(setting);
      expect({ setting, documented: text === undefined ? undefined : literal(text) }).toEqual({ setting, documented: value });
    }
  });

  it('documents no default that the defaults object does not fill in (but "off" for a setting without one)', () => {
    const extra = [...documented].filter(([setting, text]) => !(setting in defaults) && !text.startsWith('undefined'));
    const ownSettings = Object.keys((guard.settingsSchema as unknown as { shape: Record<string, unknown> }).shape);
    expect(extra.filter(([setting]) => ownSettings.includes(setting))).toEqual([]);
  });
});

it('reads a TSDoc literal', () => {
  expect(literal("['a', 'b']")).toEqual(['a', 'b']);
  expect(literal('{ from: 1, to: 20 }')).toEqual({ from: 1, to: 20 });
  expect(literal("'rate(1 day)'")).toBe('rate(1 day)');
  expect(literal('false')).toBe(false);
});
