// Injected into the benchmark's pages before any app code (plain JS: it is not transpiled, so the
// functions arrive in the browser exactly as written). Exposes window.__bench for canvas.bench.ts.
(() => {
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let frames = [];
  let raf = 0;

  window.__bench = {
    /**
     * Time to interactive, in ms from navigation start: nodes on screen and validated, then 500 ms
     * without a long task (> 50 ms); TTI is the later of "rendered" and the last long task's end.
     */
    async tti() {
      const editor = () => window.__switchyardEditor;
      while (!document.querySelector('.react-flow__node') || !editor() || editor().getState().problemsRevision < 0)
        await sleep(2);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const rendered = performance.now();
      for (;;) {
        const last = longTasks.at(-1);
        if (performance.now() - Math.max(rendered, last ? last.end : 0) >= 500) break;
        await sleep(50);
      }
      const lastTask = longTasks.filter((t) => t.start < performance.now() - 500).at(-1);
      const compile = performance.getEntriesByName('switchyard:compile')[0];
      return {
        tti: Math.max(rendered, lastTask ? lastTask.end : 0),
        rendered,
        nodesInDom: document.querySelectorAll('.react-flow__node').length,
        firstCompileMs: compile ? compile.duration : null,
      };
    },
    startFrames() {
      frames = [];
      const tick = (t) => {
        frames.push(t);
        raf = requestAnimationFrame(tick);
      };
      raf = requestAnimationFrame(tick);
    },
    stopFrames() {
      cancelAnimationFrame(raf);
      return frames;
    },
    /** Live-validation compile times after `count` real config edits through the editor store. */
    async compileTimes(count) {
      const store = window.__switchyardEditor;
      performance.clearMeasures('switchyard:compile');
      for (let i = 0; i < count; i++) {
        store.getState().updateConfig('n5', { timeoutMs: 1000 + i });
        const want = store.getState().structureRevision;
        while (store.getState().problemsRevision < want) await sleep(5);
      }
      return performance.getEntriesByName('switchyard:compile').map((e) => e.duration);
    },
  };
})();
