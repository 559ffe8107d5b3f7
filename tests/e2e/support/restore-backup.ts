import type { Page } from 'playwright-core';

/**
 * Restores a Handlebook backup file the way a person does: the dashboard's Backup tab, the file
 * chosen, the preview's "Restore" (merging; the person's settings kept). Opens its own tab beside
 * `page` (an extension page of the same browser) and closes it; returns the "Restored …" line.
 */
export async function restoreBackupThroughDashboard(page: Page, file: string): Promise<string> {
  const library = await page.context().newPage();
  try {
    await library.goto(new URL('dashboard.html#backup', page.url()).href);
    await library.getByLabel('Choose a backup file to restore').setInputFiles(file);
    const preview = library.getByRole('region', { name: 'Restore preview' });
    await preview.getByLabel(/Also restore settings/).uncheck();
    await preview.getByRole('button', { name: 'Restore', exact: true }).click();
    const status = library.getByRole('status').filter({ hasText: /^Restored / });
    await status.waitFor({ timeout: 30_000 });
    return (await status.textContent()) ?? '';
  } finally {
    await library.close();
  }
}
