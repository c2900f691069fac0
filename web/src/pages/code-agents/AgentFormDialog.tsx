import type { ReactNode } from 'react';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { useModal } from '../../ui/useModal.ts';
import { type AgentIdentity, AgentIdentityFields, isSlugTaken } from './AgentIdentityFields.tsx';

interface Props {
  title: string;
  /** Unique on the page: ids of the title and fields derive from it. */
  idPrefix: string;
  identity: AgentIdentity;
  /** The create mutation: a taken slug shows on the field (until it changes), any other failure below. */
  mutation: { isPending: boolean; error: Error | null; variables?: { slug: string } | undefined };
  submitLabel: string;
  pendingLabel: string;
  /** Called only when the fields are valid and nothing is pending. */
  onSubmit(): void;
  onClose(): void;
  /** Above the fields. */
  intro?: ReactNode;
  /** Below the fields. */
  children?: ReactNode;
}

/** The modal that creates a code agent: name, slug, description, extra fields, and the server's refusal kept in view. */
export function AgentFormDialog(props: Props) {
  const { title, idPrefix, identity, mutation, onClose } = props;
  const { isPending: pending, error } = mutation;
  const ref = useModal();
  const taken = isSlugTaken(error);
  return (
    <dialog
      ref={ref}
      className="dialog agent-dialog"
      aria-labelledby={`${idPrefix}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!pending) onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (identity.ready && !pending) props.onSubmit();
        }}
      >
        <h2 id={`${idPrefix}-title`}>{title}</h2>
        {props.intro}
        <AgentIdentityFields
          identity={identity}
          idPrefix={idPrefix}
          slugError={taken && mutation.variables?.slug === identity.slug ? error?.message : null}
        />
        {props.children}
        {error && !taken && <ErrorNotice error={error} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!identity.ready || pending}>
            {pending ? props.pendingLabel : props.submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
