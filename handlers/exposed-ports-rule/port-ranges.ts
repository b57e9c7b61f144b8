/** An inclusive range of ports, e.g. 22-22 or 1000-2000. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const allPorts: PortRange = { from: 0, to: 65535 };

/**
 * `22` or `'1000-2000'` (a number or text, spaces allowed around the dash) as a range; undefined
 * when it is neither, or out of 0-65535, or high before low.
 */
export function parsePortRange(spec: unknown): PortRange | undefined {
  const text = typeof spec === 'number' ? String(spec) : typeof spec === 'string' ? spec.trim() : '';
  const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(text);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from <= to && to <= 65535 ? { from, to } : undefined;
}

/** The ports both ranges hold, if any. */
export function intersection(a: PortRange, b: PortRange): PortRange | undefined {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from <= to ? { from, to } : undefined;
}

/** The parts of `range` that none of `removed` covers, low to high. */
export function subtract(range: PortRange, removed: readonly PortRange[]): PortRange[] {
  let remaining: PortRange[] = [range];
  for (const cut of removed) {
    remaining = remaining.flatMap((piece) => {
      if (!intersection(piece, cut)) return [piece];
      const parts: PortRange[] = [];
      if (piece.from < cut.from) parts.push({ from: piece.from, to: cut.from - 1 });
      if (piece.to > cut.to) parts.push({ from: cut.to + 1, to: piece.to });
      return parts;
    });
  }
  return remaining;
}

/** `22` or `1000-2000`. */
export function formatPortRange(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}
