import { test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
test('debug', async ({ page }) => {
  page.on('console', (m) => { if (!m.text().includes('GPU stall')) console.log('CONSOLE', m.type(), m.text()); });
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message, e.stack));
  page.on('websocket', (ws) => { ws.on('framesent', (f) => console.log('SENT', String(f.payload).slice(0, 200))); ws.on('framereceived', (f) => console.log('RECV', String(f.payload).slice(0, 200))); });
  await page.goto('/?token=e2e-token');
  await page.waitForTimeout(2000);
  writeFileSync('/tmp/s.tsv', 'head\trelation\ttail\nmarie_curie\tfield\tphysics\n');
  await page.getByTestId('import-files').setInputFiles('/tmp/s.tsv');
  await page.getByTestId('import-submit').click();
  await page.waitForTimeout(5000);
  await page.screenshot({ path: '/tmp/debug.png' });
});
