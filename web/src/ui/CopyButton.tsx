import { useEffect, useState } from 'react';

/** Copies `text` to the clipboard and says so for a moment (or that it could not). */
export function CopyButton({
  text,
  label,
  caption = 'Copy',
  className = '',
}: {
  text: string;
  /** The accessible name ("Copy webhook URL"). */
  label: string;
  /** What the button reads when idle. */
  caption?: string;
  className?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1_500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Clipboard access needs a secure context and permission; say so instead of failing silently.
      setState('failed');
    }
  };
  return (
    <button type="button" className={`button ${className}`} aria-label={label} onClick={() => void copy()}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : caption}</span>
    </button>
  );
}
