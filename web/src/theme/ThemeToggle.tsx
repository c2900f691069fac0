import { applyTheme, type ThemeChoice, useTheme } from './theme.ts';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };
const ICON: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/** Cycles system → light → dark; the choice is remembered in this browser. */
export function ThemeToggle() {
  const { choice } = useTheme();
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={LABEL[choice]}
      title={`${LABEL[choice]} (click to change)`}
      onClick={() => applyTheme(NEXT[choice])}
    >
      <span aria-hidden="true">{ICON[choice]}</span>
    </button>
  );
}
