import type { ReactNode } from 'react';
import { SvgIcon } from '../ui/SvgIcon.tsx';

/** Lucide outlines (ISC licence) for the row actions; drawn in `currentColor` so themes apply. */
const SHAPES = {
  rename: (
    <>
      <path d="M12 20h9" />
      <path d="M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4Z" />
    </>
  ),
  duplicate: (
    <>
      <rect width="14" height="14" x="8" y="8" rx="2" ry="2" />
      <path d="M4 16c-1.1 0-2-.9-2-2V4c0-1.1.9-2 2-2h10c1.1 0 2 .9 2 2" />
    </>
  ),
  delete: (
    <>
      <path d="M3 6h18" />
      <path d="M19 6v14c0 1-1 2-2 2H7c-1 0-2-1-2-2V6" />
      <path d="M8 6V4c0-1 1-2 2-2h4c1 0 2 1 2 2v2" />
    </>
  ),
} satisfies Record<string, ReactNode>;

export function ActionIcon({ name }: { name: keyof typeof SHAPES }) {
  return <SvgIcon size={15}>{SHAPES[name]}</SvgIcon>;
}
