// Text sizes estimated without a font, exactly as the report's scene does
// (src/export/scene.rs: text_width, char_em, wrap): the canvas and the report
// then agree on every flow label's box, and so on where labels go.

/** Label text size, line height, widest line and padding (canvas units), as
 *  scene.rs's FONT_SIZE, LINE_HEIGHT, FLOW_LABEL_WIDTH and FLOW_LABEL_PAD; the
 *  chip's CSS (.tl-edge-label) uses the same numbers. */
export const FONT_SIZE = 13;
export const LINE_HEIGHT = 16;
export const FLOW_LABEL_WIDTH = 200;
export const FLOW_LABEL_PAD: readonly [number, number] = [6, 3];

/** East Asian wide and fullwidth characters, and emoji. */
function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1faff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

const NARROW = new Set([...'ijl.,:;\'|!íìï']);
const SLIM = new Set([...'ftrI()[]-"']);
const BROAD = new Set([...'mwMW@%']);
const WIDE_SIGNS = new Set([...'&#_<>=+']);

/** Approximate advance of one character, in em (as char_em). */
export function charEm(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  // Combining marks and zero-width characters take no room.
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f)) return 0;
  if (ch === ' ') return 0.32;
  if (NARROW.has(ch)) return 0.28;
  if (SLIM.has(ch)) return 0.4;
  if (BROAD.has(ch)) return 0.86;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || WIDE_SIGNS.has(ch)) return 0.66;
  if (isWide(c)) return 1;
  return 0.6;
}

/** Approximate advance of `text` at `size` (as text_width). */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return em * size;
}

/** Rust's char::is_whitespace (the Unicode White_Space property). */
function isSpace(c: number): boolean {
  return (
    (c >= 0x9 && c <= 0xd) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function words(paragraph: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of paragraph) {
    if (isSpace(ch.codePointAt(0) ?? 0)) {
      if (word) out.push(word);
      word = '';
    } else word += ch;
  }
  if (word) out.push(word);
  return out;
}

/** Greedy word wrap to `maxWidth` at `size`, as scene.rs's `wrap`: words wider
 *  than a line break between characters; explicit line breaks are kept. */
export function wrap(text: string, maxWidth: number, size: number): string[] {
  const space = textWidth(' ', size);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let width = 0;
    for (const word of words(paragraph)) {
      const w = textWidth(word, size);
      if (line === '' && w <= maxWidth) {
        line = word;
        width = w;
      } else if (line !== '' && width + space + w <= maxWidth) {
        line += ' ' + word;
        width += space + w;
      } else {
        if (line !== '') lines.push(line);
        line = '';
        if (w <= maxWidth) {
          line = word;
          width = w;
        } else {
          // Break between characters; the last piece starts the next line.
          width = 0;
          for (const ch of word) {
            const cw = charEm(ch) * size;
            if (line !== '' && width + cw > maxWidth) {
              lines.push(line);
              line = '';
              width = 0;
            }
            line += ch;
            width += cw;
          }
        }
      }
    }
    if (line !== '') lines.push(line);
  }
  return lines;
}

/** A flow label's lines and the size of the box drawn behind them (as
 *  flow_label_rect); empty text has no box. */
export function flowLabel(text: string): { lines: string[]; width: number; height: number } {
  const lines = wrap(text, FLOW_LABEL_WIDTH, FONT_SIZE);
  if (lines.length === 0) return { lines, width: 0, height: 0 };
  let widest = 0;
  for (const l of lines) widest = Math.max(widest, textWidth(l, FONT_SIZE));
  return {
    lines,
    width: widest + 2 * FLOW_LABEL_PAD[0],
    height: lines.length * LINE_HEIGHT + 2 * FLOW_LABEL_PAD[1],
  };
}
