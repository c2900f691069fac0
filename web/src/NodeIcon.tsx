import type { IconNode } from '@switchyard/shared';
import { createElement, memo } from 'react';
import { SvgIcon } from './ui/SvgIcon.tsx';

/** The SVG shapes an icon may draw; anything else in the data is left out. */
const SHAPES = new Set(['circle', 'ellipse', 'line', 'path', 'polygon', 'polyline', 'rect', 'g']);
/** Drawn when a node type is unknown to this page. */
const FALLBACK: IconNode = [['circle', { cx: 12, cy: 12, r: 8 }]];

/** `stroke-width` → `strokeWidth` (React's SVG prop names); `data-*` and `aria-*` stay as they are. */
const propName = (attr: string) =>
  attr.startsWith('data-') || attr.startsWith('aria-') ? attr : attr.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Plain string or number attributes only: no event handlers, no `key`/`ref`, no links. */
function propsOf(attrs: IconNode[number][1]): Record<string, string | number> {
  const props: Record<string, string | number> = {};
  for (const [attr, value] of Object.entries(attrs)) {
    if (value === undefined || /^on/i.test(attr) || /href|^key$|^ref$|^style$/i.test(attr)) continue;
    if (typeof value === 'string' || typeof value === 'number') props[propName(attr)] = value;
  }
  return props;
}

/**
 * A node type's icon from its definition's icon data (lucide's `[tag, attrs][]` shape: a 24×24 stroke icon),
 * drawn generically, so any definition's icon shows without a change here.
 */
export const NodeIcon = memo(function NodeIcon({ icon, size = 16 }: { icon: IconNode | undefined; size?: number }) {
  const shapes = icon && icon.length > 0 ? icon : FALLBACK;
  return (
    <SvgIcon className="node-icon" size={size}>
      {shapes.map(([tag, attrs], i) =>
        // Icons are static data: the position is a stable key.
        SHAPES.has(tag) ? createElement(tag, { key: i, ...propsOf(attrs) }) : null,
      )}
    </SvgIcon>
  );
});
