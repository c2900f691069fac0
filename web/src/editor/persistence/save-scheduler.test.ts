import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSaveScheduler } from './save-scheduler.ts';

/** A document whose edits bump `revision`, and a save whose requests the test settles by hand. */
function harness(quietMs = 2_000) {
  const doc = { revision: 0, saved: 0 };
  const requests: { revision: number; resolve(): void; reject(e: Error): void }[] = [];
  const save = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        const revision = doc.revision;
        requests.push({
          revision,
          resolve: () => {
            doc.saved = revision;
            resolve();
          },
          reject,
        });
      }),
  );
  const scheduler = createSaveScheduler({ save, isDirty: () => doc.revision !== doc.saved, quietMs });
  const edit = () => {
    doc.revision++;
    scheduler.touch();
  };
  return { doc, requests, save, scheduler, edit };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('save scheduler: autosave', () => {
  it('saves once after a quiet period, however many edits came before', () => {
    const { save, edit } = harness();
    edit();
    vi.advanceTimersByTime(1_500);
    edit();
    vi.advanceTimersByTime(1_500);
    edit();
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('does nothing when the document is clean', () => {
    const { save, scheduler } = harness();
    scheduler.touch();
    vi.advanceTimersByTime(10_000);
    expect(save).not.toHaveBeenCalled();
  });

  it('stops after dispose', () => {
    const { save, scheduler, edit } = harness();
    edit();
    scheduler.dispose();
    edit();
    vi.advanceTimersByTime(10_000);
    expect(save).not.toHaveBeenCalled();
  });
});

describe('save scheduler: one save at a time', () => {
  it('queues a single follow-up for edits made while a save runs', async () => {
    const { doc, requests, save, scheduler, edit } = harness();
    edit();
    const first = scheduler.flush();
    expect(scheduler.status().saving).toBe(true);
    edit();
    const second = scheduler.flush();
    edit();
    const third = scheduler.flush();
    expect(third).toBe(second);
    expect(save).toHaveBeenCalledTimes(1);

    requests[0]?.resolve();
    expect(await first).toBe(true);
    expect(doc.saved).toBe(1);
    // The follow-up saves whatever is current when it starts: revision 3, not 2.
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    expect(requests[1]?.revision).toBe(3);
    requests[1]?.resolve();
    expect(await second).toBe(true);
    expect(doc.saved).toBe(3);
    expect(scheduler.status()).toEqual({ saving: false, error: null });
  });

  it('an autosave due during a save waits for it instead of overlapping', async () => {
    const { requests, save, scheduler, edit } = harness();
    edit();
    void scheduler.flush();
    edit();
    vi.advanceTimersByTime(2_000);
    expect(save).toHaveBeenCalledTimes(1);
    requests[0]?.resolve();
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(2));
  });

  it('skips the follow-up when the first save already covered everything', async () => {
    const { requests, save, scheduler, edit } = harness();
    edit();
    void scheduler.flush();
    const again = scheduler.flush();
    requests[0]?.resolve();
    expect(await again).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
  });
});

describe('save scheduler: failures', () => {
  it('keeps the document dirty, reports the error, and clears it on the next success', async () => {
    const { doc, requests, scheduler, edit } = harness();
    const seen: (string | null)[] = [];
    scheduler.subscribe(() => seen.push(scheduler.status().error?.message ?? null));
    edit();
    const failed = scheduler.flush();
    requests[0]?.reject(new Error('The Switchyard server cannot be reached.'));
    expect(await failed).toBe(false);
    expect(doc.saved).toBe(0);
    expect(scheduler.status()).toEqual({ saving: false, error: new Error('The Switchyard server cannot be reached.') });

    // A new edit autosaves again; while it runs the old error is still shown.
    edit();
    vi.advanceTimersByTime(2_000);
    expect(scheduler.status().saving).toBe(true);
    expect(scheduler.status().error).not.toBeNull();
    requests[1]?.resolve();
    await vi.waitFor(() => expect(scheduler.status()).toEqual({ saving: false, error: null }));
    expect(doc.saved).toBe(2);
    expect(seen.at(-1)).toBeNull();
  });
});
