import type { RunError } from '@switchyard/shared';

/** A node's error: code and message, the stack behind a disclosure; `retrying` when another attempt follows. */
export function RunErrorView({ error, retrying }: { error: RunError; retrying: boolean }) {
  return (
    <div className="run-error" role="alert">
      <p className="run-error-head">
        <span className="run-error-code">{error.code}</span>
        {retrying && <span className="tag tag-warn">retrying</span>}
      </p>
      <p className="run-error-message">{error.message}</p>
      {error.stack && (
        <details className="run-error-stack">
          <summary>Stack trace</summary>
          <pre>{error.stack}</pre>
        </details>
      )}
    </div>
  );
}
