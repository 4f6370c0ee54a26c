import { estate } from './fixtures';
import { colorWanted } from '../../review/command';
import { toText } from '../../review/format';
import { diffLines, unifiedDiff } from '../../review/lines';
import { diffTrees } from '../../review/report';

test('a line diff keeps every line: applying it to the old text gives the new one', () => {
  const cases: [string[], string[]][] = [
    [['a', 'b', 'c'], ['a', 'x', 'c']],
    [[], ['a']],
    [['a', 'b'], []],
    [['k: 1', 'l: 2', 'm: 3', 'n: 4'], ['k: 1', 'n: 4', 'o: 5']],
    [Array.from({ length: 50 }, (_, i) => `line ${i}`), Array.from({ length: 50 }, (_, i) => (i % 7 ? `line ${i}` : `changed ${i}`))],
  ];
  for (const [a, b] of cases) {
    const lines = diffLines(a, b);
    expect(lines.filter((l) => l.op !== '+').map((l) => l.text)).toEqual(a);
    expect(lines.filter((l) => l.op !== '-').map((l) => l.text)).toEqual(b);
  }
});

test('hunks keep 3 lines of context and fold the rest; positions are those of each side', () => {
  const old = Array.from({ length: 30 }, (_, i) => `l${i}`);
  const cur = old.map((l, i) => (i === 10 ? 'changed' : l));
  expect(unifiedDiff(`${old.join('\n')}\n`, `${cur.join('\n')}\n`)).toEqual([
    '@@ -8,7 +8,7 @@', ' l7', ' l8', ' l9', '-l10', '+changed', ' l11', ' l12', ' l13',
  ]);
  expect(unifiedDiff('same\n', 'same\n')).toEqual([]);
});

test('colour only on a terminal without NO_COLOR; piped text has no escape codes', () => {
  expect(colorWanted({ isTTY: true }, {})).toBe(true);
  expect(colorWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  expect(colorWanted({ isTTY: false }, {})).toBe(false);
  expect(colorWanted({}, {})).toBe(false);
  const r = diffTrees(estate(), estate({ dev: '2.0.0' }));
  expect(toText(r, { color: true })).toMatch(/\u001b\[32m\+/);
  // eslint-disable-next-line no-control-regex
  expect(toText(r)).not.toMatch(/\u001b\[/);
});
