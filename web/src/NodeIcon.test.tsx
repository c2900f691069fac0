import type { IconNode } from '@switchyard/shared';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeIcon } from './NodeIcon.tsx';

afterEach(cleanup);

describe('NodeIcon', () => {
  it('draws any icon data as a 24×24 stroke icon, attributes in React names', () => {
    const icon: IconNode = [
      ['rect', { x: 3, y: 3, width: '18', height: '18', rx: 2 }],
      ['path', { d: 'M8 12h8', 'stroke-linecap': 'square' }],
    ];
    const { container } = render(<NodeIcon icon={icon} />);
    const svg = container.querySelector('svg') as SVGElement;
    expect(svg.getAttribute('viewBox')).toBe('0 0 24 24');
    expect([svg.getAttribute('fill'), svg.getAttribute('stroke'), svg.getAttribute('stroke-width')]).toEqual([
      'none',
      'currentColor',
      '2',
    ]);
    expect(svg.querySelector('rect')?.getAttribute('rx')).toBe('2');
    expect(svg.querySelector('path')?.getAttribute('stroke-linecap')).toBe('square');
  });

  it('leaves out what is not a shape or a plain attribute, and draws a circle for an unknown type', () => {
    const hostile = [
      ['script', { src: 'x.js' }],
      ['path', { d: 'M1 1', onclick: 'alert(1)', href: 'javascript:alert(1)' }],
    ] as unknown as IconNode;
    const { container } = render(<NodeIcon icon={hostile} />);
    expect(container.querySelector('script')).toBeNull();
    const path = container.querySelector('path') as SVGPathElement;
    expect(path.getAttribute('d')).toBe('M1 1');
    expect(path.getAttribute('onclick')).toBeNull();
    expect(path.getAttribute('href')).toBeNull();
    cleanup();
    expect(render(<NodeIcon icon={undefined} />).container.querySelector('circle')).not.toBeNull();
  });
});
