import type { FieldDescriptor } from '../form-fields.ts';

/** What every widget receives; widgets are bound to a value, not to the store, so settings reuse them. */
export interface WidgetProps {
  field: FieldDescriptor;
  /** DOM id of the control, for the field's `<label htmlFor>`. */
  id: string;
  value: unknown;
  /**
   * `undefined` removes the key (its default applies). `renamedOutputs` (old → new port name) moves the edges of
   * output ports the change renames, so renaming a switch case keeps its connections.
   */
  onChange(value: unknown, options?: { renamedOutputs?: Record<string, string> }): void;
  readOnly: boolean;
  /** The field has compile errors (sets `aria-invalid`). */
  invalid: boolean;
  /** Id of the element listing the field's help and errors. */
  describedBy: string | undefined;
  /** Local check before a value is written; returns the message to show instead. */
  validate?: (value: unknown) => string | null;
  /** The node being edited and its whole config (a code field reads its language from a sibling field). */
  nodeId: string;
  nodeType: string;
  config: Readonly<Record<string, unknown>>;
}
