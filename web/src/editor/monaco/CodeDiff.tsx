import { lazy, Suspense } from 'react';
import type { CodeDiffProps } from './code-diff-props.ts';

const MonacoDiffEditor = lazy(() => import('./MonacoDiffEditor.tsx'));
const canRunMonaco = typeof window !== 'undefined' && typeof window.Worker === 'function';

/** Two versions of a text side by side: Monaco's diff where it can run, two plain panes while it loads and elsewhere. */
export function CodeDiff(props: CodeDiffProps) {
  if (!canRunMonaco) return <PlainDiff {...props} />;
  return (
    <Suspense fallback={<PlainDiff {...props} />}>
      <MonacoDiffEditor {...props} />
    </Suspense>
  );
}

function PlainDiff({ original, modified, height, ariaLabel }: CodeDiffProps) {
  return (
    <div className="plain-diff" role="document" aria-label={ariaLabel} style={{ height }}>
      <pre data-side="before">{original}</pre>
      <pre data-side="after">{modified}</pre>
    </div>
  );
}
