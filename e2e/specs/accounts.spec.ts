import { WorkflowSchema } from '@switchyard/shared';
import { ANONYMOUS, csrfHeaders } from '../fixtures/auth.ts';
import { screen } from '../fixtures/screens.ts';
import { expect, test } from '../fixtures/test.ts';
import { greetingWorkflow } from '../fixtures/workflows.ts';
import { AuthPage } from '../pages/auth.page.ts';
import { EditorPage } from '../pages/editor.page.ts';
import { HomePage } from '../pages/home.page.ts';
import { SettingsPage } from '../pages/settings.page.ts';

// As the owner (the project's storage state): invite a viewer, who joins in a browser of their own; an API
// token used like curl and revoked; the audit log of both. The tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const viewer = { name: `Vera Viewer ${run}`, email: `vera-${run}@e2e.test`, password: 'vera viewer password' };
const tokenName = `CI script ${run}`;

test('the owner invites a viewer, who joins through the link and is offered no editing', async ({
  page,
  browser,
  request,
}, testInfo) => {
  const wf = WorkflowSchema.parse(
    await (await request.post('/api/workflows', { data: greetingWorkflow(`Read me ${run}`) })).json(),
  );

  // 1. The owner invites the viewer on the Members page; the one-time link is shown once.
  const settings = new SettingsPage(page);
  await settings.open('Members');
  const link = await settings.invite(viewer.email, 'viewer');
  await expect(page.getByRole('table', { name: 'Pending invites' })).toContainText(viewer.email);
  await screen(page, testInfo, 'members');

  // 2. In a browser of their own (no session), the viewer opens the link and joins.
  const context = await browser.newContext({ storageState: ANONYMOUS });
  const guest = await context.newPage();
  const auth = new AuthPage(guest);
  await guest.goto(link);
  await expect(auth.heading).toHaveText('Join Default workspace');
  await expect(auth.email).toHaveValue(viewer.email);
  await expect(auth.email).not.toBeEditable();
  await auth.acceptInvite(viewer.name, viewer.password);
  await expect(auth.userMenu).toBeVisible();
  await expect(guest).toHaveURL(/\/$/);

  // 3. Nothing to edit: no New workflow; the workflow opens read-only, without the palette.
  const home = new HomePage(guest);
  await expect(home.workflow(`Read me ${run}`)).toBeVisible();
  await expect(guest.getByRole('button', { name: 'New workflow' })).toHaveCount(0);
  await screen(guest, testInfo, 'viewer-home');
  const editor = new EditorPage(guest);
  await editor.goto(wf.id);
  await expect(guest.getByText('Read only', { exact: true })).toBeVisible();
  await expect(editor.node('greet')).toBeVisible();
  await expect(editor.palette).toHaveCount(0);
  await expect(guest.getByRole('checkbox', { name: 'Trusted execution' })).toBeDisabled();
  await screen(guest, testInfo, 'viewer-editor');

  // 4. The server refuses the viewer's write anyway (signed in, CSRF token and all).
  const write = await guest.request.post('/api/workflows', {
    data: greetingWorkflow(`Not allowed ${run}`),
    headers: csrfHeaders(await context.cookies()),
  });
  expect(write.status()).toBe(403);
  expect(((await write.json()) as { error: { code: string } }).error.code).toBe('forbidden');

  // 5. A used link is dead.
  await guest.goto(link);
  await expect(guest.getByRole('heading', { name: 'Invite not valid' })).toBeVisible();
  await context.close();

  // 6. The owner sees the new member, with the role they joined as (after a reload: the list the page holds
  // is from before the join, and nothing tells this tab about it).
  await page.reload();
  await expect(page.getByRole('combobox', { name: `Role of ${viewer.name}` })).toHaveValue('viewer');
  await screen(page, testInfo, 'members-joined');
});

test('an API token made on the Tokens page works like curl until it is revoked there', async ({ page, playwright }, testInfo) => {
  const settings = new SettingsPage(page);
  await settings.open('API tokens');
  const token = await settings.createToken(tokenName, 'viewer');
  await screen(page, testInfo, 'token-created');
  await settings.closeDialog();
  await expect(page.getByRole('table', { name: 'Tokens' })).toContainText(tokenName);
  await screen(page, testInfo, 'tokens');

  // A bare HTTP client: no cookies, only what a script would send.
  const curl = await playwright.request.newContext({ storageState: ANONYMOUS });
  const bearer = { authorization: `Bearer ${token}` };
  expect((await curl.get('/api/workflows', { headers: bearer })).status()).toBe(200);
  const anonymous = await curl.get('/api/workflows');
  expect(anonymous.status()).toBe(401);
  expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');

  await settings.revokeToken(tokenName);
  expect((await curl.get('/api/workflows', { headers: bearer })).status()).toBe(401);
  await curl.dispose();
});

test('the audit log shows the invite, the join and the token', async ({ page }, testInfo) => {
  const settings = new SettingsPage(page);
  await settings.open('Audit log');
  await expect(settings.auditEntries).toBeVisible();
  await screen(page, testInfo, 'audit');

  // Filtered by resource type, so other specs' entries (workers run in parallel) cannot page these out.
  await settings.filterAudit({ 'Resource type': 'invite' });
  await expect(settings.auditRows('member.invite').filter({ hasText: viewer.email })).toHaveCount(1);
  await expect(settings.auditRows('member.join').filter({ hasText: viewer.email })).toHaveCount(1);
  await expect(settings.auditEntries.locator('tbody tr:not([data-action^="member."])')).toHaveCount(0);

  await settings.filterAudit({ 'Resource type': 'token', Action: 'token.create' });
  await expect(settings.auditRows('token.create').filter({ hasText: tokenName })).toHaveCount(1);
  await expect(settings.auditEntries.locator('tbody tr:not([data-action="token.create"])')).toHaveCount(0);
  await settings.filterAudit({ 'Resource type': 'token', Action: 'token.revoke' });
  await expect(settings.auditRows('token.revoke').filter({ hasText: tokenName })).toHaveCount(1);

  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByRole('textbox', { name: 'Resource type' })).toHaveValue('');
  await expect(settings.auditEntries.locator('tbody tr:not([data-action^="token."])')).not.toHaveCount(0);
});
