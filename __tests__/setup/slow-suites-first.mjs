import jestSequencer from '@jest/test-sequencer';

// A CommonJS module: its class is the `default` property of what it exports.
const DefaultSequencer = jestSequencer.default;

/**
 * The suites that bound the length of `npm test`, longest first: each waits minutes on terraform
 * and the AWS provider's fixed waiters (against the emulator) rather than on the CPU, so they must
 * start at once, on workers of their own, while the short suites share the other workers.
 * Paths relative to the repo root; a path that matches no suite is only a missed ordering.
 */
const slowSuites = [
  '__tests__/emulator/terraform-apply-hub.test.ts',
  '__tests__/emulator/cdktf-deploy.test.ts',
  '__tests__/emulator/terraform-apply-standalone.test.ts',
];

/** Suites under these folders run terraform or the emulator: next after the slow ones. */
const terraformFolders = ['__tests__/terraform/', '__tests__/emulator/'];

/**
 * Jest's default order runs a suite it has no timing of by file size, largest first; a clean
 * clone has no timings (they live in jest's cache folder), so the slowest suites, small files,
 * would start last and the run would last their length after everything else. This order does
 * not depend on a cache: the slow suites, then the other terraform and emulator suites, then the
 * rest, each group in jest's own order.
 */
export default class SlowSuitesFirst extends DefaultSequencer {
  sort(tests) {
    const rank = (test) => {
      const relative = test.path
        .slice(test.context.config.rootDir.length + 1)
        .split('\\')
        .join('/');
      const slow = slowSuites.indexOf(relative);
      if (slow >= 0) return slow;
      return terraformFolders.some((folder) => relative.startsWith(folder)) ? slowSuites.length : slowSuites.length + 1;
    };
    const byDefault = super.sort(tests);
    return byDefault
      .map((test, index) => ({ test, index }))
      .sort((a, b) => rank(a.test) - rank(b.test) || a.index - b.index)
      .map(({ test }) => test);
  }
}
