import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from '@playwright/test';
import { gridGraph } from '../shared/src/fixtures/workflows.ts';
import { api, startStack, stats } from './lib.ts';

/**
 * The canvas in headless Chromium against the production build served by the real server:
 * time to interactive for 100 / 500 / 1,000-node workflows, frame rate while panning and dragging
 * on 1,000 nodes, and the in-browser compile time (the live validation the editor runs after edits).
 */
const SIZES = [100, 500, 1_000];
const LOADS = Number(process.env.BENCH_CANVAS_LOADS ?? 5);
const VIEWPORT = { width: 1280, height: 720 };
const WEB = fileURLToPath(new URL('../web', import.meta.url));

/** The in-page half of the benchmark (`window.__bench`), injected before the app loads. */
const PAGE_SCRIPT = fileURLToPath(new URL('./canvas-page.js', import.meta.url));

interface TtiSample {
  tti: number;
  rendered: number;
  nodesInDom: number;
  firstCompileMs: number | null;
}

async function timeToInteractive(page: Page, url: string): Promise<TtiSample> {
  await page.goto(url);
  return (await page.evaluate('window.__bench.tti()')) as TtiSample;
}

/** Frames per second while `gesture` runs, from requestAnimationFrame timestamps. */
async function frameRate(page: Page, gesture: () => Promise<void>) {
  await page.evaluate('window.__bench.startFrames()');
  await gesture();
  const frames = (await page.evaluate('window.__bench.stopFrames()')) as number[];
  const gaps = frames.slice(1).map((t, i) => t - (frames[i] as number));
  const span = (frames.at(-1) ?? 0) - (frames[0] ?? 0);
  return { fps: Math.round(((frames.length - 1) / (span / 1000)) * 10) / 10, frameMs: stats(gaps) };
}

async function pan(page: Page) {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no pane');
  const x = pane.x + pane.width / 2;
  const y = pane.y + pane.height / 2;
  // Start on empty space between nodes: the grid's rows are 150 px apart at the default zoom.
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 0; i < 150; i++) await page.mouse.move(x - i * 3, y - (i % 40));
  await page.mouse.up();
}

async function dragNode(page: Page) {
  const node = page.locator('.react-flow__node').nth(Math.floor((await page.locator('.react-flow__node').count()) / 2));
  const box = await node.boundingBox();
  if (!box) throw new Error('no node');
  await page.mouse.move(box.x + 40, box.y + 12);
  await page.mouse.down();
  for (let i = 0; i < 150; i++) await page.mouse.move(box.x + 40 + i * 2, box.y + 12 + (i % 50));
  await page.mouse.up();
}

/** Compile time of the live validation after real edits (config changes through the store), warm. */
async function compileTimes(page: Page, edits: number): Promise<number[]> {
  return (await page.evaluate(`window.__bench.compileTimes(${edits})`)) as number[];
}

export async function canvasBench() {
  const build = spawnSync('pnpm', ['exec', 'vite', 'build'], { cwd: WEB, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('web build failed');
  const stack = await startStack('pglite', { webDist: `${WEB}/dist` });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    // The page signs in with the owner's API token (every request of the app carries it).
    const signedIn = { authorization: `Bearer ${stack.token}` };
    const tti: Record<string, unknown> = {};
    let big = '';
    for (const size of SIZES) {
      const wf = await api<{ id: string }>(stack.baseUrl, 'POST', '/api/workflows', {
        name: `Grid ${size}`,
        graph: gridGraph(size),
      });
      if (size === 1_000) big = wf.id;
      const samples = [];
      for (let i = 0; i < LOADS + 1; i++) {
        const page = await browser.newPage({ viewport: VIEWPORT, extraHTTPHeaders: signedIn });
        page.on('pageerror', (e) => console.error('page error:', e.message));
        await page.addInitScript({ path: PAGE_SCRIPT });
        samples.push(await timeToInteractive(page, `${stack.baseUrl}/workflows/${wf.id}`));
        await page.close();
      }
      const warm = samples.slice(1); // the first load also warms the server's and the browser's caches
      tti[size] = {
        ttiMs: stats(warm.map((s) => s.tti)),
        renderedMs: stats(warm.map((s) => s.rendered)),
        nodesInDom: warm[0]?.nodesInDom,
        firstCompileMs: stats(warm.map((s) => s.firstCompileMs ?? Number.NaN)),
      };
      console.error(`[canvas] ${size} nodes: TTI p50 ${(tti[size] as { ttiMs: { p50: number } }).ttiMs.p50} ms`);
    }
    const page = await browser.newPage({ viewport: VIEWPORT, extraHTTPHeaders: signedIn });
    await page.addInitScript({ path: PAGE_SCRIPT });
    await page.goto(`${stack.baseUrl}/workflows/${big}`);
    await page.waitForSelector('.react-flow__node');
    await page.waitForTimeout(500);
    const panning = [];
    const dragging = [];
    for (let i = 0; i < 3; i++) {
      panning.push(await frameRate(page, () => pan(page)));
      dragging.push(await frameRate(page, () => dragNode(page)));
    }
    await compileTimes(page, 5); // warm-up
    const compile = stats(await compileTimes(page, 40));
    await page.close();
    const fps = (runs: { fps: number }[]) => stats(runs.map((r) => r.fps));
    return {
      viewport: VIEWPORT,
      timeToInteractive: tti,
      panning1000: { fps: fps(panning), frameMs: panning.map((p) => p.frameMs) },
      dragging1000: { fps: fps(dragging), frameMs: dragging.map((d) => d.frameMs) },
      compile1000Ms: compile,
    };
  } finally {
    await browser?.close();
    await stack.close();
  }
}
