import { dateTime, timeAgo } from '../format.ts';

/** The head row of a `.settings-table`; `actions` adds a last column for row buttons, named for screen readers only. */
export function TableHead({ columns, actions = false }: { columns: readonly (string | false)[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => c && <th key={c}>{c}</th>)}
        {actions && (
          <th>
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

/** A muted cell with how long ago (or until) `at` is, the full date on hover; `never` when there is none. */
export function TimeCell({ at }: { at: string | null | undefined }) {
  return (
    <td className="muted" title={at ? dateTime(at) : undefined}>
      {at ? timeAgo(at) : 'never'}
    </td>
  );
}
