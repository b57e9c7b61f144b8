import { formatPortRange, intersection, parsePortRange, subtract } from '../../../handlers/exposed-ports-rule/port-ranges';

describe('port ranges', () => {
  it('reads ports and ranges written as numbers or text', () => {
    expect(parsePortRange(22)).toEqual({ from: 22, to: 22 });
    expect(parsePortRange('8080')).toEqual({ from: 8080, to: 8080 });
    expect(parsePortRange('1-1024')).toEqual({ from: 1, to: 1024 });
    expect(parsePortRange(' 1000 - 2000 ')).toEqual({ from: 1000, to: 2000 });
  });

  it('refuses what is not a port or range within 0-65535, low to high', () => {
    for (const bad of ['65536', '2000-1000', 'ssh', '', '22-', '-1', 22.5, null, {}]) expect(parsePortRange(bad)).toBeUndefined();
  });

  it('intersects: a port inside a range, overlapping ranges, disjoint ranges', () => {
    expect(intersection({ from: 0, to: 1024 }, { from: 22, to: 22 })).toEqual({ from: 22, to: 22 });
    expect(intersection({ from: 1500, to: 2500 }, { from: 1000, to: 2000 })).toEqual({ from: 1500, to: 2000 });
    expect(intersection({ from: 1, to: 21 }, { from: 22, to: 22 })).toBeUndefined();
  });

  it('subtracts exceptions, keeping what they do not cover', () => {
    expect(subtract({ from: 20, to: 23 }, [{ from: 22, to: 22 }])).toEqual([
      { from: 20, to: 21 },
      { from: 23, to: 23 },
    ]);
    expect(subtract({ from: 22, to: 22 }, [{ from: 0, to: 100 }])).toEqual([]);
    expect(
      subtract({ from: 1, to: 10 }, [
        { from: 2, to: 3 },
        { from: 5, to: 6 },
      ]),
    ).toEqual([
      { from: 1, to: 1 },
      { from: 4, to: 4 },
      { from: 7, to: 10 },
    ]);
  });

  it('formats a single port without a dash', () => {
    expect(formatPortRange({ from: 22, to: 22 })).toBe('22');
    expect(formatPortRange({ from: 1000, to: 2000 })).toBe('1000-2000');
  });
});
