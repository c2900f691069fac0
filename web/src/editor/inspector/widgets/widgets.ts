import type { ComponentType } from 'react';
import type { WidgetKind } from '../form-fields.ts';
import { CodeWidget } from './CodeWidget.tsx';
import { JsonWidget } from './JsonWidget.tsx';
import { NumberWidget } from './NumberWidget.tsx';
import { PortsWidget } from './PortsWidget.tsx';
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
} satisfies Record<WidgetKind, ComponentType<WidgetProps>>;
