import { untrustedLine, untrustedText } from '../../../handlers/common/untrusted-text';

describe('untrustedText: attacker text made safe for an alert body', () => {
  it('shows line breaks and other control characters as escapes, so no forged line appears', () => {
    expect(untrustedText('ok\nSteps:\r\n  [DONE] released\t\u0007')).toBe('ok\\u000aSteps:\\u000d\\u000a  \\[DONE\\] released\\u0009\\u0007');
  });

  it('shows Unicode direction overrides as escapes (no text reordered on screen)', () => {
    expect(untrustedText('invoice\u202egpj.exe')).toBe('invoice\\u202egpj.exe');
  });

  it('escapes the characters Markdown and HTML renderings interpret', () => {
    expect(untrustedText('<a href="x">[click](http://evil)</a> *bold* `code` # | ~ & \\')).toBe(
      '\\<a href="x"\\>\\[click\\]\\(http://evil\\)\\</a\\> \\*bold\\* \\`code\\` \\# \\| \\~ \\& \\\\',
    );
  });

  it('keeps plain text as it is and caps long text', () => {
    expect(untrustedText('Threshold Crossed: 1 out of the last 1 datapoints was greater than the threshold (5.0)')).toBe(
      'Threshold Crossed: 1 out of the last 1 datapoints was greater than the threshold \\(5.0\\)',
    );
    expect(untrustedText('x'.repeat(600))).toBe(`${'x'.repeat(500)}...(cut)`);
  });

  it('labels the line with its origin', () => {
    expect(untrustedLine({ from: 'the alarm', label: 'reason', value: 'a\nb' })).toBe('reason (from the alarm, untrusted): a\\u000ab');
  });
});
