import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { browserZone } from './fire-times.ts';
import { SchedulePanel } from './SchedulePanel.tsx';

const show = (config: Record<string, unknown>) =>
  render(
    <SchedulePanel
      nodeId="tick"
      data={{ type: 'schedule', version: 1, config }}
      readOnly={false}
      config={config}
      workflowId="wf_1"
    />,
  );

afterEach(cleanup);

describe('SchedulePanel', () => {
  it("shows the next five fire times in the schedule's time zone and the viewer's", () => {
    // A zone no test machine is in, so both columns show.
    const zone = browserZone() === 'Pacific/Chatham' ? 'Asia/Kathmandu' : 'Pacific/Chatham';
    show({ cron: '15 9 * * 1-5', timezone: zone });
    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: zone })).toBeTruthy();
    expect(within(table).getByRole('columnheader', { name: `Your time (${browserZone()})` })).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(within(row).getAllByRole('cell')[0]?.textContent).toMatch(/\b0?9:15\b/);
  });

  it('uses the defaults of an empty config, and shows why an expression makes no schedule', () => {
    show({});
    expect(screen.getByRole('columnheader', { name: 'UTC' })).toBeTruthy();
    cleanup();

    show({ cron: '0 0 31 2 *', timezone: 'UTC', enabled: false });
    expect(screen.getByRole('status').textContent).toMatch(/invalid cron expression/);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText(/Disabled: nothing fires/)).toBeTruthy();
  });
});
