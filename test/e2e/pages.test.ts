import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingResponseSchema } from '../../src/lib/contracts/audio';
import { call, recordingClient, send } from '../helpers/capture';
import { startServer, type RunningServer } from '../helpers/server';
import { chunk, testSignal } from '../helpers/wav';
import { chromiumAvailable, launchChromium } from './helpers/chromium';

/** Set SHOTS_DIR to keep a screenshot of every page, size and colour scheme. */
const SHOTS_DIR = process.env.SHOTS_DIR;

const SIZES = {
	phone: { width: 375, height: 812 },
	desktop: { width: 1280, height: 800 },
} as const;

/** The app's pages in Chromium: layout at phone and desktop widths, states, the installable shell. */
describe.skipIf(!chromiumAvailable())('pages in Chromium', () => {
	let browser: Browser;
	let server: RunningServer;

	beforeAll(async () => {
		server = await startServer();
		browser = await launchChromium();
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	async function withPage<T>(
		fn: (page: Page, context: BrowserContext) => Promise<T>,
		options: Parameters<Browser['newContext']>[0] = {},
	): Promise<T> {
		const context = await browser.newContext(options);
		try {
			return await fn(await context.newPage(), context);
		} finally {
			await context.close();
		}
	}

	/** What each page shows once it has loaded its data. */
	const READY: Record<string, (page: Page) => Promise<unknown>> = {
		'/record': (p) => p.getByRole('button', { name: 'Start recording' }).waitFor(),
		'/library': (p) =>
			p.locator('main :is(ul, .empty, .alert)').first().waitFor({ timeout: 15_000 }),
		'/settings': (p) => p.getByRole('button', { name: 'Save settings' }).waitFor(),
		'/jobs': (p) => p.getByRole('heading', { name: 'Recent' }).waitFor(),
	};

	for (const [size, viewport] of Object.entries(SIZES))
		for (const scheme of ['light', 'dark'] as const)
			it(`lays out every page at ${size} width in ${scheme} mode without sideways scrolling`, async () => {
				await withPage(
					async (page) => {
						for (const [route, ready] of Object.entries(READY)) {
							await page.goto(server.url + route);
							await ready(page);
							const nav = page.getByRole('navigation', { name: 'Main' });
							await expect
								.poll(() => nav.locator('[aria-current="page"]').textContent())
								.toBe(route.slice(1, 2).toUpperCase() + route.slice(2));
							const overflow = await page.evaluate(
								() => document.documentElement.scrollWidth - window.innerWidth,
							);
							expect(overflow, `${route} scrolls sideways`).toBeLessThanOrEqual(0);
							if (SHOTS_DIR) {
								fs.mkdirSync(SHOTS_DIR, { recursive: true });
								await page.screenshot({
									path: path.join(SHOTS_DIR, `${route.slice(1)}-${size}-${scheme}.png`),
									fullPage: true,
								});
							}
						}
					},
					{ viewport, colorScheme: scheme },
				);
			});

	it('shows field errors from the settings API and saves valid settings', async () => {
		await withPage(async (page) => {
			await page.goto(server.url + '/settings');
			// The model is chosen from what is installed, or from the catalogue to download.
			const model = page.getByLabel('Whisper model');
			await expect.poll(() => model.inputValue()).toBe('whisper-test');
			const groups = await model.locator('optgroup').evaluateAll((els) =>
				els.map((g) => ({
					label: g.getAttribute('label'),
					values: [...g.querySelectorAll('option')].map((o) => o.value),
				})),
			);
			expect(groups[0]).toEqual({ label: 'Installed', values: ['whisper-test'] });
			expect(groups[1]!.label).toMatch(/^Not installed/);
			expect(groups[1]!.values).toEqual(expect.arrayContaining(['tiny', 'base', 'small']));

			const language = page.getByLabel('Language', { exact: true });
			await language.fill('x');
			await page.getByRole('button', { name: 'Save settings' }).click();
			await expect.poll(() => language.getAttribute('aria-invalid')).toBe('true');
			const described = await language.getAttribute('aria-describedby');
			const errorId = described!.split(' ').find((id) => id.endsWith('-error'))!;
			expect(await page.locator(`#${errorId}`).textContent()).toMatch(/\S/);
			await expect
				.poll(() => page.evaluate(() => document.activeElement?.id))
				.toBe('whisper_language');

			await language.fill('de');
			await page.getByLabel('Your name in transcripts').fill('Ada');
			await page.getByRole('button', { name: 'Save settings' }).click();
			await page.getByText(/Saved: .*whisper_language/).waitFor();
			expect(await language.getAttribute('aria-invalid')).toBeNull();
			const config = (await call(server.url + '/api/v1/system/config')).body;
			expect(config).toMatchObject({ whisper_language: 'de', local_speaker_name: 'Ada' });

			await page.reload();
			await expect.poll(() => language.inputValue()).toBe('de');
			await language.fill('');
			await page.getByRole('button', { name: 'Save settings' }).click();
			await page.getByText(/Saved/).waitFor();
			expect((await call(server.url + '/api/v1/system/config')).body).toMatchObject({
				whisper_language: null,
			});
		});
	});

	it('lists a recording in the library and plays it, or explains why it cannot', async () => {
		const res = await call(server.url + '/api/v1/audio/record', 'POST', {
			channels: 1,
			filename: 'Library check',
		});
		const { session } = startRecordingResponseSchema.parse(res.body);
		const client = await recordingClient(server.url);
		for (const c of chunk(testSignal(16000, 1), 1, 4000))
			await send(client, 'capture:chunk', { session_id: session.session_id, channels: 1, ...c });
		client.close();
		await call(server.url + '/api/v1/audio/stop', 'POST', { session_id: session.session_id });
		const listed = await call(server.url + '/api/v1/files/recordings');

		await withPage(async (page) => {
			await page.goto(server.url + '/library');
			if (listed.status === 404) {
				await page.getByRole('alert').getByText('cannot list recordings yet').waitFor();
				return;
			}
			await page.getByRole('link', { name: /Library check/ }).click();
			await page.waitForURL(/\/library\/[^/]+$/);
			const src = await page.locator('audio').getAttribute('src');
			expect(src).toMatch(/^\/api\/v1\/files\/download\//);
			const download = await page.request.get(server.url + src!);
			expect(download.status()).toBe(200);
			expect((await download.body()).subarray(0, 4).toString()).toBe('RIFF');
		});
	});

	it('is installable and opens its pages offline', async () => {
		const manifest = (await call(server.url + '/manifest.webmanifest')).body as {
			display: string;
			start_url: string;
			icons: { src: string; sizes: string; purpose: string }[];
		};
		expect(manifest).toMatchObject({ display: 'standalone', start_url: '/record' });
		expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(
			expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable', 'any any']),
		);
		for (const icon of manifest.icons) {
			const r = await fetch(server.url + icon.src);
			expect(r.status, icon.src).toBe(200);
		}

		await withPage(async (page, context) => {
			await page.goto(server.url + '/');
			await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
			await context.setOffline(true);
			for (const route of ['/record', '/settings', '/library']) {
				await page.goto(server.url + route);
				await page.getByRole('navigation', { name: 'Main' }).waitFor();
				expect(await page.locator('h1').textContent()).toBe(
					route.slice(1, 2).toUpperCase() + route.slice(2),
				);
			}
			// The API is never answered from the cache.
			const api = await page.evaluate(() =>
				fetch('/api/health').then(
					() => 'answered',
					() => 'failed',
				),
			);
			expect(api).toBe('failed');
		});
	});
});
