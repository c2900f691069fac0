import { useModal } from '../../ui/useModal.ts';

/** Why an import was refused: the summary and, for schema errors, each problem with its path. */
export function ImportErrorDialog({
  fileName,
  message,
  issues,
  onClose,
}: {
  fileName: string;
  message: string;
  issues: string[];
  onClose(): void;
}) {
  const ref = useModal();
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="import-error-title" onClose={onClose}>
      <h2 id="import-error-title">Could not import {fileName}</h2>
      <p role="alert">{message}</p>
      {issues.length > 0 && (
        <ul className="import-issues">
          {issues.map((issue) => (
            <li key={issue}>
              <code>{issue}</code>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">The canvas was not changed.</p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
