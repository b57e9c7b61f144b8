/**
 * Fakes only the clock (`Date`), at `now`: the SDK's promises, timers and retries run as usual, so
 * a handler that judges ages (days since last use) sees the chosen day. Undo with jest.useRealTimers().
 */
export function fakeClockAt(now: Date | number): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
