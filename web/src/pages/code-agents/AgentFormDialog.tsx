import type { ReactNode } from 'react';
import { FormDialog } from '../../ui/FormDialog.tsx';
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
  const taken = isSlugTaken(error);
  return (
    <FormDialog
      title={title}
      titleId={`${idPrefix}-title`}
      className="agent-dialog"
      busy={pending}
      submitDisabled={!identity.ready}
      submitLabel={props.submitLabel}
      pendingLabel={props.pendingLabel}
      error={taken ? null : error}
      onSubmit={props.onSubmit}
      onClose={onClose}
    >
      {props.intro}
      <AgentIdentityFields
        identity={identity}
        idPrefix={idPrefix}
        slugError={taken && mutation.variables?.slug === identity.slug ? error?.message : null}
      />
      {props.children}
    </FormDialog>
  );
}
