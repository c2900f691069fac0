import type { ReactNode } from 'react';
import { SvgIcon } from './ui/SvgIcon.tsx';

/** Outlines for the lucide icon names node definitions use; unknown names fall back to a circle. */
const SHAPES: Record<string, ReactNode> = {
  play: <polygon points="6 3 20 12 6 21 6 3" />,
  code: (
    <>
      <polyline points="16 18 22 12 16 6" />
      <polyline points="8 6 2 12 8 18" />
    </>
  ),
  flag: (
    <>
      <path d="M4 15s1-1 4-1 5 2 8 2 4-1 4-1V3s-1 1-4 1-5-2-8-2-4 1-4 1z" />
      <line x1="4" x2="4" y1="22" y2="15" />
    </>
  ),
};

export function NodeIcon({ name }: { name: string }) {
  return (
    <SvgIcon className="node-icon" size={16}>
      {SHAPES[name] ?? <circle cx="12" cy="12" r="8" />}
    </SvgIcon>
  );
}
