/** One line of a unified diff. */
export interface DiffLine {
  /** ` ` unchanged, `-` only in the old text, `+` only in the new one. */
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/** A hunk: a run of changes with its context, and where it starts on each side (1-based). */
export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly DiffLine[];
}

/** Lines of context kept around each change. */
export const CONTEXT_LINES = 3;

/**
 * The line-by-line difference of two texts (longest common subsequence, after the common head
 * and tail are set aside, so the quadratic part covers only the changed middle).
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle: DiffLine[] = [];
  if (x.length * y.length > 4_000_000) {
    // too large to align cheaply: the whole middle as removed then added (still every line)
    middle.push(...x.map((text) => ({ op: '-' as const, text })), ...y.map((text) => ({ op: '+' as const, text })));
  } else {
    // lcs[i][j]: length of the LCS of x[i..] and y[j..]
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        middle.push({ op: ' ', text: x[i] });
        i++;
        j++;
      } else if (j < y.length && (i >= x.length || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) {
        middle.push({ op: '+', text: y[j++] });
      } else {
        middle.push({ op: '-', text: x[i++] });
      }
    }
    // removals before additions inside each changed run, as unified diffs print them
    for (let s = 0; s < middle.length; s++) {
      if (middle[s].op === ' ') continue;
      let e = s;
      while (e < middle.length && middle[e].op !== ' ') e++;
      const run = middle.slice(s, e);
      middle.splice(s, e - s, ...run.filter((l) => l.op === '-'), ...run.filter((l) => l.op === '+'));
      s = e;
    }
  }
  return [
    ...a.slice(0, head).map((text) => ({ op: ' ' as const, text })),
    ...middle,
    ...a.slice(a.length - tail).map((text) => ({ op: ' ' as const, text })),
  ];
}

/**
 * Groups a line diff into hunks with `context` unchanged lines around each change; unchanged
 * lines further away are folded (they appear only as the gap between two hunks' positions).
 */
export function hunks(lines: readonly DiffLine[], context = CONTEXT_LINES): Hunk[] {
  const changed = lines.map((l, i) => (l.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return [];
  const ranges: [number, number][] = [];
  for (const i of changed) {
    const [s, e] = [Math.max(0, i - context), Math.min(lines.length - 1, i + context)];
    const last = ranges[ranges.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else ranges.push([s, e]);
  }
  // line numbers on each side before every index
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 1;
  let n = 1;
  for (const l of lines) {
    oldAt.push(o);
    newAt.push(n);
    if (l.op !== '+') o++;
    if (l.op !== '-') n++;
  }
  return ranges.map(([s, e]) => {
    const part = lines.slice(s, e + 1);
    return {
      oldStart: oldAt[s],
      oldLines: part.filter((l) => l.op !== '+').length,
      newStart: newAt[s],
      newLines: part.filter((l) => l.op !== '-').length,
      lines: part,
    };
  });
}

/** A unified diff body (`@@ -a,b +c,d @@` headers and ` `/`-`/`+` lines) of two texts; empty when equal. */
export function unifiedDiff(before: string, after: string, context = CONTEXT_LINES): string[] {
  const split = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  const out: string[] = [];
  for (const h of hunks(diffLines(split(before), split(after)), context)) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const l of h.lines) out.push(`${l.op}${l.text}`);
  }
  return out;
}
