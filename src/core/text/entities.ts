/**
 * HTML character references in imported text (&#39;, &amp;, &quot;) decoded for analysis, with a map
 * back to the input so offsets still point into the text as stored.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', rsquo: '’', lsquo: '‘', ldquo: '“', rdquo: '”', ndash: '–', mdash: '—' };
const REF = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/gu;
const HAS_REF = /&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/u;

export interface DecodedText {
  text: string;
  /** For each UTF-16 index of `text` (and its end), the index in the input. */
  toInput: (index: number) => number;
}

/** Decodes HTML character references; `toInput` maps offsets of the decoded text back to the input. */
export function decodeEntities(input: string): DecodedText {
  const once = decodeOnce(input);
  // Twice-encoded text (&amp;#39;) is common in exports: one more pass, offsets composed.
  if (once.text === input || !HAS_REF.test(once.text)) return once;
  const twice = decodeOnce(once.text);
  return { text: twice.text, toInput: (i) => once.toInput(twice.toInput(i)) };
}

function decodeOnce(input: string): DecodedText {
  if (!input.includes('&')) return { text: input, toInput: (i) => i };
  // Pairs (decoded index, input index) at each replacement; between them the shift is constant.
  const marks: [number, number][] = [];
  let out = '';
  let last = 0;
  for (const m of input.matchAll(REF)) {
    const code = m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? parseInt(m[2], 16) : undefined;
    const ch = code !== undefined ? (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined) : NAMED[m[3]!.toLowerCase()];
    if (ch === undefined) continue;
    out += input.slice(last, m.index);
    marks.push([out.length, m.index]);
    out += ch;
    last = m.index + m[0].length;
    marks.push([out.length, last]);
  }
  if (marks.length === 0) return { text: input, toInput: (i) => i };
  out += input.slice(last);
  const toInput = (i: number): number => {
    // The last mark at or before i gives the shift.
    let lo = 0;
    let hi = marks.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid]![0] <= i) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return i;
    const [d, s] = marks[best]!;
    return s + (i - d);
  };
  return { text: out, toInput };
}
