import { defaultRegistry, type NodeRegistry, resolvePorts } from '@switchyard/shared';
import { useMemo, useState } from 'react';
import { definitionOf } from '../../../node-registry/definitions.ts';
import { useNodeRegistry } from '../../../node-registry/NodeRegistryProvider.tsx';
import { CodeEditor } from '../../monaco/CodeEditor.tsx';
import { withTypedMain } from '../../monaco/code-signature.ts';
import { codeTypings } from '../../monaco/code-typings.ts';
import { CodeModal } from './CodeModal.tsx';
import type { WidgetProps } from './widget-props.ts';

const defaultsCache = new WeakMap<NodeRegistry, Map<string, Record<string, unknown>>>();
/** The config a node type gets when a field is absent (its schema defaults). */
function configDefaults(registry: NodeRegistry, nodeType: string): Record<string, unknown> {
  let cache = defaultsCache.get(registry);
  if (!cache) {
    cache = new Map();
    defaultsCache.set(registry, cache);
  }
  let defaults = cache.get(nodeType);
  if (!defaults) {
    const parsed = definitionOf(registry, nodeType)?.config.safeParse({});
    defaults = parsed?.success ? (parsed.data as Record<string, unknown>) : {};
    cache.set(nodeType, defaults);
  }
  return defaults;
}

/**
 * The language a code field is written in: fixed by the hint, or read from a sibling config field,
 * whose schema default applies when the config leaves it out (a stored node may omit `language`).
 */
export function codeLanguage(
  hint: WidgetProps['field']['language'],
  config: Readonly<Record<string, unknown>>,
  nodeType = '',
  registry: NodeRegistry = defaultRegistry,
) {
  if (typeof hint === 'string') return hint;
  if (!hint) return undefined;
  const value = config[hint.field] ?? configDefaults(registry, nodeType)[hint.field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Source code in Monaco (lazy; a plain textarea until it loads), typed from the node's input ports for
 * JS/TS, with a larger modal editor. Only one editor is mounted at a time so they share one model.
 */
export function CodeWidget({ field, value, onChange, readOnly, nodeId, nodeType, config }: WidgetProps) {
  const registry = useNodeRegistry();
  const [expanded, setExpanded] = useState(false);
  const code = typeof value === 'string' ? value : '';
  const language = codeLanguage(field.language, config, nodeType, registry);
  // Ports come from the same (repairing) resolution the canvas handles use, so typings match the handles.
  const typings = useMemo(
    () => codeTypings(resolvePorts(definitionOf(registry, nodeType), { ...config })),
    [registry, nodeType, config],
  );
  const typed = language ? withTypedMain(code, language) : null;
  const write = (next: string) => onChange(next);
  const editor = {
    modelKey: nodeId,
    value: code,
    onChange: write,
    language,
    readOnly,
    typings,
    ariaLabel: field.label,
  };

  return (
    <div className="code-field">
      <div className="code-toolbar">
        <span className="muted">{language ?? 'text'}</span>
        {typed !== null && !readOnly && (
          <button
            type="button"
            className="link-button"
            title="Annotate main(inputs, ctx) with types generated from this node's ports"
            onClick={() => write(typed)}
          >
            Type inputs from ports
          </button>
        )}
        <button type="button" className="link-button" onClick={() => setExpanded(true)}>
          Expand
        </button>
      </div>
      {expanded ? (
        <>
          <p className="code-elsewhere muted">Editing in the larger editor…</p>
          <CodeModal title={field.label} onClose={() => setExpanded(false)}>
            <CodeEditor key={`${nodeId}:${language}:modal`} {...editor} height="min(70vh, 720px)" />
          </CodeModal>
        </>
      ) : (
        <CodeEditor key={`${nodeId}:${language}`} {...editor} height="280px" />
      )}
    </div>
  );
}
