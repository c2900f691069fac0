/** p50 and p95 durations as two horizontal bars on a shared scale (inline SVG, no chart library). */
export function LatencyBars({ p50, p95, scaleMax }: { p50: number; p95: number; scaleMax: number }) {
  const width = 220;
  const bar = (ms: number) => Math.max(2, Math.round((ms / Math.max(scaleMax, 1)) * width));
  return (
    <svg className="latency-bars" width={width + 100} height={40} role="img" aria-label={`p50 ${p50} ms, p95 ${p95} ms`}>
      <rect x={0} y={4} width={bar(p50)} height={12} rx={3} className="bar-p50" />
      <text x={bar(p50) + 6} y={14}>
        p50 {p50} ms
      </text>
      <rect x={0} y={24} width={bar(p95)} height={12} rx={3} className="bar-p95" />
      <text x={bar(p95) + 6} y={34}>
        p95 {p95} ms
      </text>
    </svg>
  );
}
