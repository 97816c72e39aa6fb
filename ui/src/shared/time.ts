// Times and durations as consultants write them. `stamp` mirrors the core's
// `session::stamp` for the live clock only; notes carry the core's offset.

/** `00:34:12`: hours, minutes, seconds into a recording (as `session::stamp`). */
export function stamp(offsetMs: number | null | undefined): string {
  const s = Math.floor(Math.max(0, offsetMs ?? 0) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** `3 h`, `1 h 30`, `45 min`, `0 min`. */
export function formatDuration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const r = m % 60;
  if (h === 0) return `${r} min`;
  return r === 0 ? `${h} h` : `${h} h ${String(r).padStart(2, '0')}`;
}

/**
 * A duration typed by hand, in minutes: `90`, `90m`, `90 min`, `3h`, `2.5h`,
 * `1h30`, `1 h 30 min`, `1:30`. Null when it is not one.
 */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!t) return null;
  let m = /^(\d+):([0-5]\d)$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(\d+)\s*(?:m|min|mins|minutes?)?$/.exec(t);
  if (m) return Number(m[1]);
  m = /^(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hours?)$/.exec(t);
  if (m) return Math.round(Number(m[1].replace(',', '.')) * 60);
  m = /^(\d+)\s*(?:h|hr|hrs|hours?)\s*(\d+)\s*(?:m|min|mins|minutes?)?$/.exec(t);
  if (m && Number(m[2]) < 60) return Number(m[1]) * 60 + Number(m[2]);
  return null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Today as `YYYY-MM-DD`, in local time. */
export function today(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

/** `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` (what the core accepts), or empty. */
export function isSessionDate(text: string): boolean {
  if (text === '') return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(text);
  if (!m) return false;
  const [mo, d] = [Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59)) return false;
  return true;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Thu 26 Nov 2026, 14:00` from a session date; the text itself if it is not one. */
export function formatSessionDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?$/.exec(date);
  if (!m) return date || 'No date yet';
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = d.toLocaleDateString('en-GB', { weekday: 'short' });
  return `${day} ${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}${m[4] ? `, ${m[4]}` : ''}`;
}

/** `26 Nov 2026, 14:03` from epoch milliseconds, in local time. */
export function formatMoment(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return '';
  const d = new Date(ms);
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** `1 note`, `3 notes`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
