import { CopyButton } from '../../ui/CopyButton.tsx';

/** Copies a value as pretty-printed JSON and says so for a moment. */
export function CopyJsonButton({ value, label }: { value: unknown; label: string }) {
  return (
    <CopyButton
      text={JSON.stringify(value, null, 2) ?? 'undefined'}
      label={`Copy ${label} as JSON`}
      caption="Copy JSON"
      className="json-copy"
    />
  );
}
