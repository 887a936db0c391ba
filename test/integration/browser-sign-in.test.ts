import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * The sign-in flow and same-origin calls in a real browser: it sends what Node's fetch does not
 * (Origin: null under Referrer-Policy: no-referrer, Sec-Fetch-Site, SameSite rules, the CSP).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const KEY = 'ms_' + 'b'.repeat(43);

describe.skipIf(!fs.existsSync(CHROMIUM))('browser sign-in (Chromium)', () => {
	let server: RunningServer;
	let browser: Browser;

	beforeAll(async () => {
		server = await startServer({ REQUIRE_AUTH: 'true', MEETINGSCRIBE_API_KEY: KEY });
		browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	/** A fresh browser profile that records console errors (CSP violations land there). */
	async function freshPage(): Promise<{ page: Page; errors: string[] }> {
		const context = await browser.newContext();
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('console', (m) => {
			if (m.type() === 'error') errors.push(m.text());
		});
		page.on('pageerror', (e) => errors.push(e.message));
		return { page, errors };
	}

	it('signs in with a key, then reads, writes and opens a socket with the cookie', async () => {
		const { page, errors } = await freshPage();
		await page.goto(server.url + '/api/docs');
		expect(new URL(page.url()).pathname).toBe('/login');
		await page.fill('#api_key', KEY);
		await Promise.all([page.waitForURL('**/api/docs'), page.click('button[type=submit]')]);
		// The viewer (Swagger UI) loads its files and the document with the cookie.
		await page.getByRole('button', { name: 'Authorize' }).waitFor();

		const [cookie] = await page.context().cookies();
		expect(cookie).toMatchObject({ name: 'ms_session', httpOnly: true, sameSite: 'Strict' });

		const result = await page.evaluate(async () => {
			const put = await fetch('/api/v1/system/config', {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ debug: true }),
			});
			// Engine.IO long-polling by hand: the POST carries Origin: null in this browser.
			const base = '/api/v1/ws/?EIO=4&transport=polling';
			const open = await (await fetch(base)).text();
			const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
			const post = await fetch(`${base}&sid=${sid}`, { method: 'POST', body: '40/system,' });
			const answer = await (await fetch(`${base}&sid=${sid}`)).text();
			return { put: put.status, post: post.status, answer };
		});
		expect(result.put).toBe(200);
		expect(result.post).toBe(200);
		expect(result.answer).toMatch(/^40\/system,\{"sid"/);

		const ws = await page.evaluate(
			() =>
				new Promise<string>((resolve) => {
					const socket = new WebSocket(
						`ws://${location.host}/api/v1/ws/?EIO=4&transport=websocket`,
					);
					socket.onmessage = (m) => {
						const data = String(m.data);
						if (data.startsWith('0')) socket.send('40/recording,');
						else if (data.startsWith('40/recording') || data.startsWith('44/recording')) {
							socket.close();
							resolve(data);
						}
					};
					socket.onerror = () => resolve('error');
				}),
		);
		expect(ws).toMatch(/^40\/recording,\{"sid"/);
		expect(errors).toEqual([]);
	});

	it('signs in once with the start-up link', async () => {
		const token = /\/login\?token=([\w-]+)/.exec(server.output())?.[1];
		const { page, errors } = await freshPage();
		await page.goto(`${server.url}/login?token=${token}`);
		await Promise.all([page.waitForURL(server.url + '/'), page.click('button[type=submit]')]);
		await expect.poll(() => page.locator('[role=status]').textContent()).toMatch(/healthy/i);
		expect(errors).toEqual([]);

		const again = await freshPage();
		await again.page.goto(`${server.url}/login?token=${token}`);
		await again.page.click('button[type=submit]');
		await expect
			.poll(() => again.page.locator('[role=alert]').textContent())
			.toMatch(/already used/);
	});

	it('refuses a wrong key on the form', async () => {
		const { page } = await freshPage();
		await page.goto(server.url + '/login');
		await page.fill('#api_key', 'ms_' + 'x'.repeat(43));
		await page.click('button[type=submit]');
		await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/Invalid/);
		expect(await page.context().cookies()).toEqual([]);
	});
});
