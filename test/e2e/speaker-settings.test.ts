import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/capture';
import { diarizationModelsDir } from '../helpers/diarization';
import { startServer, type RunningServer } from '../helpers/server';
import { chromiumAvailable, launchChromium } from './helpers/chromium';

/** Set SHOTS_DIR to keep screenshots of what this file checks (375 and 1280 wide, both schemes). */
const SHOTS_DIR = process.env.SHOTS_DIR;

/** Voice diarization in the browser: the speaker-count settings and the models' catalogue. */
describe.skipIf(!chromiumAvailable())('speaker settings and diarization models in Chromium', () => {
	let browser: Browser;
	let server: RunningServer;

	beforeAll(async () => {
		// The Whisper test model only: the diarization models are not installed yet.
		server = await startServer({ MODELS_DIR: diarizationModelsDir(false) });
		browser = await launchChromium();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	async function withPage(fn: (page: Page) => Promise<void>, width = 1280, dark = false) {
		const context = await browser.newContext({
			viewport: { width, height: 900 },
			colorScheme: dark ? 'dark' : 'light',
		});
		try {
			await fn(await context.newPage());
		} finally {
			await context.close();
		}
	}

	it('refuses a minimum above the maximum at the field, then saves and shows the counts', async () => {
		await withPage(async (page) => {
			await page.goto(server.url + '/settings');
			const least = page.getByLabel('At least');
			const most = page.getByLabel('At most');
			await least.fill('4');
			await most.fill('2');
			await page.getByRole('button', { name: 'Save settings' }).click();
			await expect.poll(() => least.getAttribute('aria-invalid')).toBe('true');
			const errorId = (await least.getAttribute('aria-describedby'))!;
			expect(await page.locator(`#${errorId}`).textContent()).toMatch(/max_speakers/);
			await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('min_speakers');

			await least.fill('2');
			await most.fill('3');
			await page.getByRole('button', { name: 'Save settings' }).click();
			await page.getByText(/Saved: .*min_speakers/).waitFor();
			expect((await call(server.url + '/api/v1/system/config')).body).toMatchObject({
				min_speakers: 2,
				max_speakers: 3,
				num_speakers: null,
			});
			await page.reload();
			await expect.poll(() => most.inputValue()).toBe('3');
			await least.fill('');
			await most.fill('');
			await page.getByRole('button', { name: 'Save settings' }).click();
			await page.getByText(/Saved/).waitFor();
			expect((await call(server.url + '/api/v1/system/config')).body).toMatchObject({
				min_speakers: null,
				max_speakers: null,
			});
		});
	});

	it('lists the diarization models in the model manager, ready to download', async () => {
		await withPage(async (page) => {
			await page.goto(server.url + '/settings/models');
			const section = page.getByRole('region', { name: 'Speaker diarization' });
			await section.waitFor();
			for (const name of ['pyannote-segmentation-3.0', 'wespeaker-resnet34']) {
				await section.getByRole('heading', { name }).waitFor();
				await section.getByRole('button', { name: `Download ${name}` }).waitFor();
			}
			// Not Whisper models: they can never be the default.
			expect(await section.getByRole('button', { name: 'Set as default' }).count()).toBe(0);
		});
	});

	it.runIf(SHOTS_DIR)('screenshots', async () => {
		for (const width of [375, 1280])
			for (const dark of [false, true])
				await withPage(
					async (page) => {
						const scheme = dark ? 'dark' : 'light';
						const size = width === 375 ? 'phone' : 'desktop';
						await page.goto(server.url + '/settings');
						await page.getByLabel('At least').fill('5');
						await page.getByLabel('At most').fill('2');
						await page.getByRole('button', { name: 'Save settings' }).click();
						await page.locator('#min_speakers[aria-invalid="true"]').waitFor();
						await page.screenshot({
							path: path.join(SHOTS_DIR!, `speakers-settings-${size}-${scheme}.png`),
							fullPage: true,
						});
						await page.goto(server.url + '/settings/models');
						await page.getByRole('region', { name: 'Speaker diarization' }).waitFor();
						await page.screenshot({
							path: path.join(SHOTS_DIR!, `diarization-models-${size}-${scheme}.png`),
							fullPage: true,
						});
					},
					width,
					dark,
				);
	});
});
