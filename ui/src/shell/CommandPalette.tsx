// The command palette (Ctrl+K): one search box over the engagement (elements,
// threats and findings, sessions, notes, people) and every menu command (the
// command table, shell/commands.ts: the same items as the menu bar). Typing
// searches (app/search.ts, shared/search.ts); ↑ ↓ move, Enter goes to the
// record or runs the command, Shift+Enter shows a threat in the other place,
// Esc closes and the focus goes back where it was.
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { RecentFile } from '../bindings';
import { getApp, setApp, useApp } from '../app/store';
import { recentFiles } from '../app/shell';
import { jumpTo } from '../app/intents/jump';
import { joinParts, partOf, recordParts, type IndexPart, type PaletteItem } from '../app/search';
import { fold, search, type SearchResult } from '../shared/search';
import { pickerKey } from '../shared/pickerKeys';
import { KeyHint, Picker, PickerList } from '../shared/ui/Picker';
import { appMenus, commandsOf, menuStateOf, type Command } from './commands';

/** A screenful and some: the palette is for finding, not browsing. */
export const LIMIT = 50;
/** The rows drawn at once on a keystroke (what the list shows without
 *  scrolling); the rest up to LIMIT follow in a deferred render React
 *  interrupts when the next key comes. */
const FIRST = 14;
const LIST_ID = 'tl-cmdk-list';

export function commandPart(commands: readonly Command[]): IndexPart {
  return partOf(
    commands.map((c) => ({
      kind: 'command',
      id: c.id,
      title: c.label,
      kindLabel: 'Command',
      where: c.path.join(' › '),
      aside: c.shortcut,
      disabled: c.disabled,
      run: c.run,
    })),
    false,
  );
}

const ENTER_TEXT: Record<PaletteItem['kind'], string> = {
  command: 'run',
  diagram: 'show the diagram',
  element: 'show on the diagram',
  threat: 'select its element, open it',
  finding: 'open in Findings',
  session: 'show in Sessions',
  note: 'show in Sessions',
  person: 'show in the overview',
};

export function CommandPalette() {
  const model = useApp((s) => s.model);
  const [query, setQuery] = useState('');
  const [at, setAt] = useState(0);
  const [recent, setRecent] = useState<RecentFile[]>([]);
  // Where the focus was: it goes back there when the palette closes.
  const [returnTo] = useState(() => document.activeElement);

  useEffect(() => {
    let live = true;
    void recentFiles().then((r) => live && setRecent(r), () => {});
    return () => {
      live = false;
      if (returnTo instanceof HTMLElement && returnTo !== document.body && returnTo.isConnected) returnTo.focus({ preventScroll: true });
    };
  }, [returnTo]);

  // The commands as the menus show them now (labels and enabled states read once).
  const commands = useMemo(() => commandPart(commandsOf(appMenus(menuStateOf(getApp()), recent))), [recent]);
  const all = useMemo(() => joinParts(model ? [commands, ...recordParts(model)] : [commands]), [commands, model]);
  const last = useRef<{ all: IndexPart; result: SearchResult } | null>(null);
  const result = useMemo(() => {
    const previous = last.current?.all === all ? last.current.result : null;
    const r = search(all.index, query, LIMIT, previous);
    last.current = { all, result: r };
    return r;
  }, [all, query]);

  const rows = useMemo(
    () => (result.query === '' ? commands.items.filter((c) => !c.disabled).slice(0, LIMIT) : result.hits.map((i) => all.items[i])),
    [result, all, commands],
  );
  const on = Math.min(at, Math.max(rows.length - 1, 0));
  const current = rows[on];
  const settled = useDeferredValue(rows);
  const drawn = settled === rows || on >= FIRST ? rows : rows.slice(0, FIRST);

  const close = useCallback(() => {
    if (getApp().panel === 'palette') setApp({ panel: null });
  }, []);

  const choose = useCallback(
    (item: PaletteItem | undefined, other = false) => {
      if (!item || item.disabled) return;
      close();
      if (item.kind === 'command') item.run?.();
      else jumpTo(item.kind, item.id, other);
    },
    [close],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    // Ctrl+K again closes it, as it opened.
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    const action = pickerKey(e.nativeEvent, on, rows.length);
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    if (action.type === 'close') close();
    else if (action.type === 'move') setAt(action.to);
    else choose(rows[action.index], action.alt);
  };

  const onQuery = (q: string) => {
    setQuery(q);
    setAt(0);
  };

  const hasOther = current?.kind === 'threat' || current?.kind === 'finding';
  const matched = result.query === '' ? null : result.matched.length;

  return (
    <Picker
      label="Command palette"
      testId="command-palette"
      className="tl-cmdk"
      title={<>Go to anything, or run a command</>}
      onClose={close}
      onKeyDown={onKeyDown}
      query={query}
      onQuery={onQuery}
      placeholder="Diagrams, elements, threats, findings, sessions, notes, people, commands…"
      searchTestId="command-search"
      listId={LIST_ID}
      at={current ? on : null}
      foot={
        <>
          <KeyHint keys={['↑', '↓']}>choose</KeyHint>
          {current && <KeyHint keys={['Enter']}>{ENTER_TEXT[current.kind]}</KeyHint>}
          {hasOther && <KeyHint keys={['Shift+Enter']}>{current.kind === 'threat' ? 'in Findings' : 'on the diagram'}</KeyHint>}
          <KeyHint keys={['Esc']}>close</KeyHint>
          <span className="tl-spacer" />
          {matched !== null && (
            <span className="tl-cmdk-count" data-testid="command-count">
              {matched > rows.length ? `${rows.length} of ${matched}` : `${matched} found`}
            </span>
          )}
        </>
      }
    >
      {rows.length === 0 ? (
        <div className="tl-cmdk-empty" data-testid="command-empty">
          Nothing called “{query.trim()}” in this engagement or the menus.
        </div>
      ) : (
        <PickerList id={LIST_ID} label="Found" at={on} shown={drawn}>
          {drawn.map((item, i) => (
            <Row key={`${item.kind}:${item.id}`} item={item} index={i} on={i === on} q={result.query} onPick={choose} onHover={setAt} />
          ))}
        </PickerList>
      )}
    </Picker>
  );
}

interface RowProps {
  item: PaletteItem;
  index: number;
  on: boolean;
  q: string;
  onPick: (item: PaletteItem) => void;
  onHover: (index: number) => void;
}

/** One row; re-rendered only when its own props change (highlight, place, query). */
const Row = memo(function Row({ item, index, on, q, onPick, onHover }: RowProps) {
  return (
    <li
      id={`${LIST_ID}-${index}`}
      role="option"
      aria-selected={on}
      aria-disabled={item.disabled || undefined}
      className={`tl-picker-row tl-cmdk-row is-${item.kind}${on ? ' is-on' : ''}${item.disabled ? ' is-disabled' : ''}`}
      data-testid="command-row"
      data-kind={item.kind}
      data-id={item.id}
      onMouseMove={() => !on && onHover(index)}
      onClick={() => onPick(item)}
    >
      <span className="tl-cmdk-kind">{item.kindLabel}</span>
      <span className="tl-cmdk-main">
        <span className="tl-cmdk-title" data-testid="command-row-title">
          <Marked text={item.title} q={q} />
        </span>
        {item.where && <span className="tl-cmdk-where">{item.where}</span>}
      </span>
      {item.aside && <span className={item.kind === 'command' ? 'tl-cmdk-keys' : 'tl-cmdk-aside'}>{item.aside}</span>}
    </li>
  );
});

/** The title with the (normalized) query's first occurrence marked, when folding kept its length. */
function Marked({ text, q }: { text: string; q: string }) {
  if (!q) return <>{text}</>;
  const folded = fold(text);
  const i = folded.length === text.length ? folded.indexOf(q) : -1;
  if (i < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, i)}
      <mark>{text.slice(i, i + q.length)}</mark>
      {text.slice(i + q.length)}
    </>
  );
}
