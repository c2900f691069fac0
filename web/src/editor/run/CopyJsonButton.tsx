import { useEffect, useState } from 'react';

/** Copies a value as pretty-printed JSON and says so for a moment. */
export function CopyJsonButton({ value, label }: { value: unknown; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1_500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(value, null, 2) ?? 'undefined');
      setState('copied');
    } catch {
      // Clipboard access needs a secure context and permission; say so instead of failing silently.
      setState('failed');
    }
  };
  return (
    <button type="button" className="button json-copy" aria-label={`Copy ${label} as JSON`} onClick={() => void copy()}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy JSON'}</span>
    </button>
  );
}
