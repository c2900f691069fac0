import { memo, useState } from 'react';
import { CopyJsonButton } from './CopyJsonButton.tsx';
import './json-tree.css';

/** Strings longer than this are cut, with a button to show them whole. */
export const STRING_PREVIEW = 160;
/** Children of one object or array rendered per "show more" step. */
export const CHILD_PAGE = 100;

interface Props {
  /** Any JSON-like value (`undefined` shows as "no value"). */
  value: unknown;
  /** Names the tree for assistive technology and the copy button ("Input", "Output"). */
  label: string;
  /** Objects and arrays shallower than this start expanded (the root is depth 0). */
  openDepth?: number;
}

/**
 * A read-only JSON viewer: objects and arrays are disclosure buttons (`aria-expanded`), long strings
 * are truncated with a toggle, large containers render in pages, and the whole value copies as JSON.
 */
export function JsonTree({ value, label, openDepth = 2 }: Props) {
  return (
    <div className="json-tree">
      <div className="json-tree-head">
        <CopyJsonButton value={value} label={label} />
      </div>
      <ul className="json-root" aria-label={label}>
        <JsonEntry name={null} value={value} depth={0} openDepth={openDepth} />
      </ul>
    </div>
  );
}

interface EntryProps {
  name: string | null;
  value: unknown;
  depth: number;
  openDepth: number;
}

const JsonEntry = memo(function JsonEntry({ name, value, depth, openDepth }: EntryProps) {
  const key = name === null ? null : <span className="json-key">{name}: </span>;
  if (value !== null && typeof value === 'object')
    return <JsonContainer name={name} value={value as object} depth={depth} openDepth={openDepth} />;
  return (
    <li className="json-entry">
      {key}
      <JsonPrimitive value={value} />
    </li>
  );
});

function JsonContainer({ name, value, depth, openDepth }: EntryProps & { value: object }) {
  const isArray = Array.isArray(value);
  const entries = isArray ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const [open, setOpen] = useState(depth < openDepth && entries.length > 0);
  const [shown, setShown] = useState(CHILD_PAGE);
  const summary = isArray
    ? `[${entries.length} ${entries.length === 1 ? 'item' : 'items'}]`
    : `{${entries.length} ${entries.length === 1 ? 'key' : 'keys'}}`;
  return (
    <li className="json-entry">
      <button
        type="button"
        className="json-toggle"
        aria-expanded={open}
        disabled={entries.length === 0}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="json-caret" aria-hidden="true">
          {entries.length === 0 ? '' : open ? '▾' : '▸'}
        </span>
        {name !== null && <span className="json-key">{name}: </span>}
        <span className="json-summary">{summary}</span>
      </button>
      {open && (
        <ul className="json-children">
          {entries.slice(0, shown).map(([k, v]) => (
            <JsonEntry key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > shown && (
            <li>
              <button type="button" className="json-more" onClick={() => setShown((n) => n + CHILD_PAGE)}>
                Show {Math.min(CHILD_PAGE, entries.length - shown)} more of {entries.length - shown}
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

function JsonPrimitive({ value }: { value: unknown }) {
  const [full, setFull] = useState(false);
  if (value === undefined) return <span className="json-undefined">no value</span>;
  if (typeof value !== 'string') return <span className={`json-${value === null ? 'null' : typeof value}`}>{String(value)}</span>;
  const long = value.length > STRING_PREVIEW;
  const text = JSON.stringify(long && !full ? value.slice(0, STRING_PREVIEW) : value);
  return (
    <>
      <span className="json-string">{long && !full ? `${text.slice(0, -1)}…"` : text}</span>
      {long && (
        <button type="button" className="json-more" aria-expanded={full} onClick={() => setFull((f) => !f)}>
          {full ? 'Show less' : `Show all ${value.length.toLocaleString()} characters`}
        </button>
      )}
    </>
  );
}
