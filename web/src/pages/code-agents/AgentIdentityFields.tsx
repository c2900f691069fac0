import { useState } from 'react';
import { ApiRequestError } from '../../api/client.ts';
import { slugify, slugProblem } from './agent-content.ts';
import '../home.css';
import './code-agents.css';

/** Name, slug and description of a new agent; the slug follows the name until the user edits it. */
export function useAgentIdentity(initialName = '') {
  const [name, setName] = useState(initialName);
  const [ownSlug, setOwnSlug] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const slug = ownSlug ?? slugify(name);
  const problem = slug ? slugProblem(slug) : null;
  return {
    name,
    slug,
    description,
    setName,
    setSlug: setOwnSlug,
    setDescription,
    /** Why the slug cannot be sent, shown under it. */
    slugProblem: problem,
    ready: name.trim().length > 0 && slug.length > 0 && problem === null,
    /** What a create request takes from these fields. */
    fields: () => ({ name: name.trim(), slug, description: description.trim() }),
  };
}

export type AgentIdentity = ReturnType<typeof useAgentIdentity>;

/** A 409 `slug_taken` from the server: shown on the slug field, not only as a notice. */
export const isSlugTaken = (error: Error | null) => error instanceof ApiRequestError && error.code === 'slug_taken';

/** The labelled fields; `idPrefix` keeps ids unique when two dialogs could exist on one page. */
export function AgentIdentityFields({
  identity,
  idPrefix,
  slugError,
  autoFocus = true,
}: {
  identity: AgentIdentity;
  idPrefix: string;
  /** The server's refusal of this slug (taken), if any. */
  slugError?: string | null;
  autoFocus?: boolean;
}) {
  const slugMessage = identity.slugProblem ?? slugError ?? null;
  return (
    <>
      <label className="create-field">
        <span>Name</span>
        <input
          className="input"
          value={identity.name}
          maxLength={200}
          required
          placeholder="e.g. CSV to JSON"
          onChange={(e) => identity.setName(e.currentTarget.value)}
          data-autofocus={autoFocus || undefined}
        />
      </label>
      <div className="create-field">
        <label htmlFor={`${idPrefix}-slug`}>Slug</label>
        <input
          id={`${idPrefix}-slug`}
          className="input agent-slug-input"
          value={identity.slug}
          maxLength={63}
          required
          spellCheck={false}
          aria-invalid={slugMessage ? true : undefined}
          aria-describedby={`${idPrefix}-slug-note`}
          onChange={(e) => identity.setSlug(e.currentTarget.value)}
        />
        <small id={`${idPrefix}-slug-note`} className={slugMessage ? 'field-error' : 'muted'}>
          {slugMessage ?? 'Its unique name: the tool name for LangChain and MCP. It cannot be changed later.'}
        </small>
      </div>
      <label className="create-field">
        <span>Description</span>
        <textarea
          className="input"
          value={identity.description}
          maxLength={5_000}
          rows={2}
          placeholder="What it does, for people and for models choosing a tool"
          onChange={(e) => identity.setDescription(e.currentTarget.value)}
        />
      </label>
    </>
  );
}
