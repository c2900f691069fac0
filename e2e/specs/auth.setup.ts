import { expect, test as setup } from '@playwright/test';
import { OWNER, OWNER_STATE } from '../fixtures/auth.ts';
import { screen } from '../fixtures/screens.ts';
import { AuthPage } from '../pages/auth.page.ts';

// Runs once per run, before every other spec, on the fresh server (empty data directory): the owner is set up
// through the UI, signs out and in again, and the signed-in state is saved for the `chromium` project.
setup('a fresh server shows the owner setup; the owner signs up, out and in again', async ({ page }, testInfo) => {
  const auth = new AuthPage(page);
  await page.goto('/');

  // 1. The first visit shows the one-time owner setup, nothing else.
  await expect(auth.heading).toHaveText('Set up Switchyard');
  await expect(auth.name).toBeEmpty();
  await expect(auth.email).toBeEmpty();
  await expect(auth.password).toBeEmpty();
  await expect(page.getByRole('button', { name: 'Create owner account' })).toBeEnabled();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
  await screen(page, testInfo, 'setup');

  // 2. Setting up signs the owner in.
  await auth.setUp(OWNER);
  await expect(auth.userMenu).toBeVisible();
  await expect(page.getByRole('button', { name: 'Workspace: Default workspace' })).toBeVisible();

  // 3. Signing out shows sign-in; a wrong password is refused; the right one opens the app.
  await auth.signOut();
  await expect(auth.heading).toHaveText('Sign in');
  await screen(page, testInfo, 'sign-in');
  await auth.signIn(OWNER.email, 'not the password');
  await expect(auth.alert).toContainText('wrong email or password');
  await auth.signIn(OWNER.email, OWNER.password);
  await expect(auth.userMenu).toBeVisible();

  await page.context().storageState({ path: OWNER_STATE });
});
