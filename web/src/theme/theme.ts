import { useSyncExternalStore } from 'react';

/** `system` follows the operating system's setting (the default). */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'switchyard.theme';
const listeners = new Set<() => void>();
const media = typeof window !== 'undefined' ? window.matchMedia?.('(prefers-color-scheme: dark)') : undefined;

function read(): ThemeChoice {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

let choice: ThemeChoice = read();

/** Writes the choice to `<html data-theme>`; the CSS tokens switch on it (or on the media query for `system`). */
export function applyTheme(next: ThemeChoice = choice): void {
  choice = next;
  if (next === 'system') {
    document.documentElement.removeAttribute('data-theme');
    localStorage.removeItem(KEY);
  } else {
    document.documentElement.setAttribute('data-theme', next);
    localStorage.setItem(KEY, next);
  }
  for (const l of listeners) l();
}

/** The light or dark scheme actually shown. */
export function resolvedTheme(c: ThemeChoice = choice): 'light' | 'dark' {
  return c === 'system' ? (media?.matches ? 'dark' : 'light') : c;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  media?.addEventListener('change', listener);
  return () => {
    listeners.delete(listener);
    media?.removeEventListener('change', listener);
  };
}

/** The user's choice and the scheme it resolves to; re-renders when either changes. */
export function useTheme(): { choice: ThemeChoice; resolved: 'light' | 'dark' } {
  const c = useSyncExternalStore(subscribe, () => choice);
  const resolved = useSyncExternalStore(subscribe, () => resolvedTheme(c));
  return { choice: c, resolved };
}
