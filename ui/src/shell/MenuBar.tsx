import { useEffect, useRef, useState } from 'react';
import { ChevronRight } from '../shared/ui/icons';

export interface MenuItem {
  label: string;
  testId?: string;
  shortcut?: string;
  disabled?: boolean;
  onSelect?: () => void;
  /** A submenu, computed when it opens (e.g. the recent files). */
  submenu?: () => MenuItem[];
  /** Shown instead of a submenu that has no items. */
  emptyText?: string;
  title?: string;
}

export type MenuEntry = MenuItem | 'separator';

export interface MenuDef {
  id: string;
  label: string;
  testId: string;
  items: () => MenuEntry[];
  /** Called when the menu opens (to refresh what it lists). */
  onOpen?: () => void;
}

/** An in-app menu bar (not the native one, so it looks the same everywhere and
 *  end-to-end tests can click it). Click opens, hovering moves between open menus,
 *  Escape or a click elsewhere closes. */
export function MenuBar({ menus }: { menus: MenuDef[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const [sub, setSub] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(null);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(null);
      }
    };
    document.addEventListener('mousedown', onDown, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  const openMenu = (m: MenuDef) => {
    setSub(null);
    setOpen(m.id);
    m.onOpen?.();
  };

  const choose = (item: MenuItem) => {
    if (item.disabled || !item.onSelect) return;
    setOpen(null);
    item.onSelect();
  };

  return (
    <div className="tl-menubar" ref={root} role="menubar" data-keys="panel">
      {menus.map((m) => (
        <div key={m.id} className="tl-menu">
          <button
            type="button"
            className={`tl-menu-button${open === m.id ? ' is-open' : ''}`}
            data-testid={m.testId}
            aria-haspopup="menu"
            aria-expanded={open === m.id}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => (open === m.id ? setOpen(null) : openMenu(m))}
            onMouseEnter={() => open && open !== m.id && openMenu(m)}
          >
            {m.label}
          </button>
          {open === m.id && (
            <div className="tl-menu-popup" role="menu">
              {m.items().map((entry, i) =>
                entry === 'separator' ? (
                  <div key={`sep-${i}`} className="tl-menu-sep" role="separator" />
                ) : entry.submenu ? (
                  <div
                    key={entry.label}
                    className="tl-menu-subwrap"
                    onMouseEnter={() => setSub(entry.label)}
                    onMouseLeave={() => setSub(null)}
                  >
                    <button
                      type="button"
                      role="menuitem"
                      className="tl-menu-item"
                      data-testid={entry.testId}
                      aria-haspopup="menu"
                      onClick={() => setSub(sub === entry.label ? null : entry.label)}
                    >
                      <span className="tl-menu-label">{entry.label}</span>
                      <ChevronRight size={14} className="tl-menu-chevron" />
                    </button>
                    {sub === entry.label && <Submenu items={entry.submenu()} empty={entry.emptyText} onChoose={choose} />}
                  </div>
                ) : (
                  <button
                    key={entry.label}
                    type="button"
                    role="menuitem"
                    className="tl-menu-item"
                    data-testid={entry.testId}
                    disabled={entry.disabled}
                    title={entry.title}
                    onClick={() => choose(entry)}
                    onMouseEnter={() => setSub(null)}
                  >
                    <span className="tl-menu-label">{entry.label}</span>
                    {entry.shortcut && <span className="tl-menu-shortcut">{entry.shortcut}</span>}
                  </button>
                ),
              )}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

function Submenu({ items, empty, onChoose }: { items: MenuItem[]; empty?: string; onChoose: (i: MenuItem) => void }) {
  return (
    <div className="tl-menu-popup tl-submenu" role="menu">
      {items.length === 0 && <div className="tl-menu-empty">{empty ?? 'Nothing here'}</div>}
      {items.map((item, i) => (
        <button
          key={`${item.label}-${i}`}
          type="button"
          role="menuitem"
          className="tl-menu-item is-two-line"
          data-testid={item.testId}
          disabled={item.disabled}
          title={item.title}
          onClick={() => onChoose(item)}
        >
          <span className="tl-menu-label">{item.label}</span>
          {item.shortcut && <span className="tl-menu-detail">{item.shortcut}</span>}
        </button>
      ))}
    </div>
  );
}
