/**
 * cdktf records a full stack trace for every token and computed attribute it makes (only to name,
 * if one later fails to resolve, where it was made) and formats each trace at once; under tsx Node
 * also maps every frame through the source maps. In a standalone synth that was 40% of the CPU time.
 * During synthesis, traces of plain objects (cdktf's records; an Error is never one) are neither
 * collected nor formatted, and an Error's stack is formatted without source maps; the previous behaviour is set
 * back after it. An error's message is never affected.
 */
export function withoutTokenStackTraces<T>(work: () => T): T {
  const previous = Error.prepareStackTrace;
  const previousCapture = Error.captureStackTrace;
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]) =>
    target instanceof Error ? [String(target), ...frames.map((frame) => `    at ${String(frame)}`)].join('\n') : '';
  // Collecting the frames is itself costly: cdktf asks for every frame (a limit of
  // Number.MAX_SAFE_INTEGER), tens of thousands of times a stack. A plain object gets no trace at all.
  Error.captureStackTrace = (target: object, below?: Parameters<typeof Error.captureStackTrace>[1]) => {
    if (target instanceof Error) previousCapture(target, below);
    else (target as { stack?: string }).stack = '';
  };

  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
    Error.captureStackTrace = previousCapture;
  }
}
