import type { Locator, Page } from '@playwright/test';

/**
 * The graph toolbar is one row that never scrolls: a tool that does not fit the window's width is out of the row
 * and in its » menu. These use a tool wherever it is, as a user would: in the row, or else through the » menu.
 */

/** Whether the tool is out of the row (then it is in the » menu). */
async function outOfRow(page: Page, testId: string): Promise<string | null> {
  const tool = page.getByTestId(testId);
  await tool.waitFor({ state: 'attached' });
  // A selector in a labelled field (Hops) is out with its field.
  const out = await tool.evaluate((el) => (el as unknown as { closest(s: string): unknown }).closest('[data-out]') !== null);
  if (!out) return null;
  return tool.evaluate((el) => {
    const holder = (el as unknown as { closest(s: string): { dataset: Record<string, string | undefined> } | null }).closest('[data-tool]');
    return holder?.dataset.tool ?? '';
  });
}

/** The » menu's entry for a tool, by its label. */
const menuItem = (page: Page, label: string): Locator =>
  page.getByTestId('toolbar-more-item').filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

async function openMore(page: Page): Promise<void> {
  if ((await page.getByTestId('toolbar-more-menu').count()) === 0) await page.getByTestId('toolbar-more').click();
}

/** Clicks a toolbar button, through the » menu when it is out of the row. */
export async function clickTool(page: Page, testId: string): Promise<void> {
  const label = await outOfRow(page, testId);
  if (label === null) return page.getByTestId(testId).click();
  await openMore(page);
  await menuItem(page, label).click();
}

/** Picks an option of a toolbar selector, through the » menu when it is out of the row. */
export async function selectTool(page: Page, testId: string, value: string): Promise<void> {
  const label = await outOfRow(page, testId);
  if (label === null) {
    await page.getByTestId(testId).selectOption(value);
    return;
  }
  await openMore(page);
  const field = page.locator('.menu-select', { has: menuItem(page, label) });
  await field.getByTestId('toolbar-more-select').selectOption(value);
  await page.getByTestId('toolbar-more').click();
}
