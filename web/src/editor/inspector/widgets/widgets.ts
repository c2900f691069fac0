import type { ComponentType } from 'react';
import type { WidgetKind } from '../form-fields.ts';
import { CasesWidget } from './CasesWidget.tsx';
import { CodeWidget } from './CodeWidget.tsx';
import { ConditionsWidget } from './ConditionsWidget.tsx';
import { JsonWidget } from './JsonWidget.tsx';
import { KeyValueWidget } from './KeyValueWidget.tsx';
import { NumberWidget } from './NumberWidget.tsx';
import { PortsWidget } from './PortsWidget.tsx';
import { SecretWidget } from './SecretWidget.tsx';
import { SelectWidget } from './SelectWidget.tsx';
import { TextWidget } from './TextWidget.tsx';
import { ToggleWidget } from './ToggleWidget.tsx';
import type { WidgetProps } from './widget-props.ts';

/** Every widget kind an editor hint can name; `satisfies` makes a new kind without a widget a compile error. */
export const WIDGETS = {
  text: TextWidget,
  textarea: TextWidget,
  number: NumberWidget,
  select: SelectWidget,
  toggle: ToggleWidget,
  json: JsonWidget,
  code: CodeWidget,
  ports: PortsWidget,
  conditions: ConditionsWidget,
  cases: CasesWidget,
  'key-value': KeyValueWidget,
  secret: SecretWidget,
} satisfies Record<WidgetKind, ComponentType<WidgetProps>>;
