/** An inline failure message with a retry button. */
export function ErrorNotice({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <div className="notice" role="alert">
      <span>{error.message}</span>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
