import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { chromiumAvailable, launchChromium } from './helpers/chromium';

/** Set SHOTS_DIR to keep a screenshot of the viewer at each size. */
const SHOTS_DIR = process.env.SHOTS_DIR;
const KEY = 'ms_' + 'd'.repeat(43);
const SIZES = {
	phone: { width: 375, height: 812 },
	desktop: { width: 1280, height: 800 },
} as const;

/** /api/docs (decision 0012): Swagger UI from our origin, usable with a key, at phone width. */
describe.skipIf(!chromiumAvailable())('the interactive API viewer in Chromium', () => {
	let browser: Browser;
	let server: RunningServer;

	beforeAll(async () => {
		server = await startServer({ REQUIRE_AUTH: 'true', MEETINGSCRIBE_API_KEY: KEY });
		browser = await launchChromium();
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	const overflow = (page: Page) =>
		page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

	for (const [size, viewport] of Object.entries(SIZES))
		it(`tries GET /api/v1/system/health with a key at ${size} width, all from this origin`, async () => {
			const context = await browser.newContext({ viewport });
			const page = await context.newPage();
			const requests: string[] = [];
			const problems: string[] = [];
			context.on('request', (r) => requests.push(r.url()));
			page.on('console', (m) => {
				if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(m.text());
			});
			page.on('pageerror', (e) => problems.push(e.message));
			try {
				await page.goto(server.url + '/api/docs');
				await page.getByLabel('API key').fill(KEY);
				await Promise.all([
					page.waitForURL('**/api/docs'),
					page.getByRole('button', { name: 'Sign in' }).click(),
				]);
				await page.getByRole('button', { name: 'Authorize' }).waitFor();
				expect(await overflow(page), 'the viewer scrolls sideways').toBeLessThanOrEqual(0);
				await expect
					.poll(() => page.getByRole('link', { name: 'Errors and realtime events' }).count())
					.toBe(1);

				// Without the session cookie only the key typed into "Authorize" can let calls in.
				await context.clearCookies();
				const operation = page.locator('#operations-System-getSystemHealth');
				await operation.getByRole('button', { name: /^GET \/api\/v1\/system\/health/ }).click();
				const live = operation.locator('.live-responses-table tbody .response-col_status');
				const execute = operation.getByRole('button', { name: 'Execute' });
				await execute.click();
				await expect.poll(() => live.first().textContent()).toContain('401');
				expect(await overflow(page), 'an open operation scrolls sideways').toBeLessThanOrEqual(0);

				await page.getByRole('button', { name: 'Authorize' }).first().click();
				// Swagger UI's modal has no dialog role; its heading marks it.
				const dialog = page.locator('.modal-ux', {
					has: page.getByRole('heading', { name: 'Available authorizations' }),
				});
				await dialog.getByRole('textbox', { name: 'auth-bearer-value' }).fill(KEY);
				await dialog.getByRole('button', { name: 'Apply credentials' }).first().click();
				await dialog.getByRole('button', { name: 'Close' }).first().click();
				expect(await overflow(page)).toBeLessThanOrEqual(0);

				const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/system/health'));
				await operation.getByRole('button', { name: 'Clear' }).click();
				await execute.click();
				expect((await sent).headers()['authorization']).toBe(`Bearer ${KEY}`);
				await expect.poll(() => live.first().textContent()).toContain('200');
				if (SHOTS_DIR) {
					fs.mkdirSync(SHOTS_DIR, { recursive: true });
					await page.screenshot({ path: path.join(SHOTS_DIR, `api-docs-${size}-light.png`) });
				}

				const origin = new URL(server.url).origin;
				const foreign = requests.filter(
					(u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin,
				);
				expect(foreign).toEqual([]);
				expect(requests).toContain(`${origin}/docs-init.js`);
				expect(problems).toEqual([]);
			} finally {
				await context.close();
			}
		});
});
