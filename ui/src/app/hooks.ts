// Hooks the engagement views share.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { create } from 'zustand';
import { setApp, useApp, type FigureKind, type Figures } from './store';
import { runningSession } from './records';
import type { Session } from './model';

/** Counts a mounted view that shows engagement figures (the window's `derived`
 *  query asks for them while any does). */
export function want(delta: 1 | -1): void {
  setApp((s) => ({ wanted: Math.max(0, s.wanted + delta) }));
}

/** An engagement figure the core derives, read (and kept fresh) while the caller is mounted. */
export function useDerived<K extends FigureKind>(kind: K): Figures[K] | null {
  useEffect(() => {
    want(1);
    return () => want(-1);
  }, []);
  return useApp((s) => {
    const d = s.figures[kind];
    return d && s.model && d.path === s.model.path ? (d.data as Figures[K]) : null;
  });
}

/** The session whose clock runs (from the core's session summaries, read while mounted). */
export function useRunningSession(): Session | null {
  const summaries = useDerived('summaries');
  return useApp((s) => runningSession(s.model, summaries));
}

/** Epoch milliseconds, refreshed every `ms` while mounted (for running clocks). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(t);
  }, [ms]);
  return now;
}

/** Whether the figure shown is the core's answer for the records on screen (not an older one). */
export function useDerivedFresh(kind: FigureKind): boolean {
  return useApp((s) => {
    const d = s.figures[kind];
    return !!d && !!s.model && d.path === s.model.path && d.version >= s.model.version;
  });
}

// ---- who is at this laptop: picked once, per engagement file, shared by its windows ----

const ME_KEY = 'threatloom.me:';

function readMe(): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(ME_KEY)) out[k.slice(ME_KEY.length)] = localStorage.getItem(k) ?? '';
    }
  } catch {
    /* no storage: the choice lasts while the window does */
  }
  return out;
}

const useMeStore = create<{ byPath: Record<string, string> }>(() => ({ byPath: readMe() }));

if (typeof window !== 'undefined') {
  // The other window (note-taker or main) picked someone.
  window.addEventListener('storage', (e) => {
    if (e.key === null || e.key.startsWith(ME_KEY)) useMeStore.setState({ byPath: readMe() });
  });
}

/** The person at this laptop (a team member id) for the open engagement, if picked. */
export function useMe(): string | null {
  const path = useApp((s) => s.model?.path ?? '');
  const id = useMeStore((s) => s.byPath[path] ?? '');
  const exists = useApp((s) => (id ? s.model?.people.has(id) ?? false : false));
  return id && exists ? id : null;
}

export function setMe(path: string, personId: string | null): void {
  try {
    if (personId) localStorage.setItem(ME_KEY + path, personId);
    else localStorage.removeItem(ME_KEY + path);
  } catch {
    /* kept in memory only */
  }
  useMeStore.setState((s) => ({ byPath: { ...s.byPath, [path]: personId ?? '' } }));
}

/** A record the palette jumped to (`spotlight` in the store): the row showing
 *  `id` scrolls into view; `lit` while it is marked (its CSS fades the mark). */
export function useSpotlight<T extends HTMLElement>(id: string): { ref: RefObject<T | null>; lit: boolean } {
  const seq = useApp((s) => (s.spotlight?.id === id ? s.spotlight.seq : 0));
  const ref = useRef<T>(null);
  useEffect(() => {
    if (seq !== 0) ref.current?.scrollIntoView({ block: 'center' });
  }, [seq]);
  return { ref, lit: seq !== 0 };
}
