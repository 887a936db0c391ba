import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHub, type LocalHub } from '../helpers/local-hub';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { chromiumAvailable, launchChromium } from './helpers/chromium';
import { makeSpeechFixture } from './helpers/fixtures';
import {
	openRecordPage,
	setTabCapture,
	startRecording,
	stopRecording,
} from './helpers/recorder-page';

/** Set SHOTS_DIR to keep a screenshot of each step. */
const SHOTS_DIR = process.env.SHOTS_DIR;

/**
 * A newcomer's path, in Chromium, with nothing but the browser: a fresh data folder and no
 * model → the warning on /record → Settings → Models → Download (from the local Hub) → progress
 * to 100 % → record with the fake microphone → live text → Stop → the transcript in the Library.
 */
describe.skipIf(!chromiumAvailable())('first run in Chromium', () => {
	let browser: Browser;
	let context: BrowserContext;
	let hub: LocalHub;
	let server: RunningServer;

	beforeAll(async () => {
		const fixture = makeSpeechFixture(tempDir('meetingscribe-e2e-audio-'));
		hub = await startLocalHub();
		// About a second for the test model: slow enough to watch the bar move.
		hub.throttle(1_500_000);
		server = await startServer({
			MODELS_DIR: tempDir('meetingscribe-e2e-models-'),
			HF_ENDPOINT: hub.url,
			WHISPER_MODEL: 'tiny',
		});
		browser = await launchChromium({ fakeMic: fixture.wav });
		context = await browser.newContext({ permissions: ['microphone'] });
	});

	afterAll(async () => {
		await context?.close();
		await browser?.close();
		await server?.stop();
		await hub?.close();
	});

	const shot = async (page: Page, name: string) => {
		if (SHOTS_DIR)
			await page.screenshot({ path: `${SHOTS_DIR}/first-run-${name}.png`, fullPage: true });
	};

	it('without a model, a recording keeps its audio and the live panel says why', async () => {
		const page = await openRecordPage(context, server.url);
		await setTabCapture(page, false);
		await startRecording(page);
		const problem = page
			.getByRole('alert')
			.filter({ hasText: 'Live transcription is not working' });
		await problem.waitFor({ timeout: 60_000 });
		await expect.poll(() => problem.textContent()).toMatch(/the model is missing.*'tiny'/s);
		expect(await page.getByText('Listening…').count()).toBe(0);
		await shot(page, '0-live-problem');
		await stopRecording(page);
		await expect
			.poll(() => problem.textContent(), { timeout: 60_000 })
			.toMatch(/No transcript was stored\. The recording itself is saved/);
		await page.close();
	});

	it('goes from no model to a transcript in the browser alone', async () => {
		const page = await openRecordPage(context, server.url);

		// 1. /record says before Start that the model is missing, and where to get it.
		const warning = page.getByRole('alert').filter({ hasText: 'tiny' });
		await warning.waitFor({ timeout: 15_000 });
		await expect.poll(() => warning.textContent()).toMatch(/model tiny is not installed/);
		await shot(page, '1-record-warning');
		await warning.getByRole('link', { name: 'Download it in Settings → Models' }).click();

		// 2. The model manager: Download, and watch the bar reach 100 %.
		await page.waitForURL(/\/settings\/models$/);
		await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
		await page.evaluate(() => {
			const seen: number[] = [];
			(window as unknown as { progressSeen: number[] }).progressSeen = seen;
			new MutationObserver(() => {
				for (const p of document.querySelectorAll('progress'))
					if (p.hasAttribute('value')) seen.push(Number(p.getAttribute('value')));
			}).observe(document.body, { subtree: true, childList: true, attributes: true });
		});
		await page.getByRole('button', { name: 'Download tiny', exact: true }).click();
		const bar = page.getByRole('progressbar');
		await bar.waitFor({ timeout: 10_000 });
		await page.getByText(/of 1\.2 MB/).waitFor({ timeout: 10_000 });
		await shot(page, '2-downloading');
		const tiny = page
			.getByRole('listitem')
			.filter({ has: page.getByRole('heading', { name: 'tiny', exact: true }) });
		await tiny.getByText('Installed', { exact: true }).waitFor({ timeout: 30_000 });
		const seen = await page.evaluate(
			() => (window as unknown as { progressSeen: number[] }).progressSeen,
		);
		expect(
			seen.some((v) => v > 0 && v < 100),
			`values ${seen.join(',')}`,
		).toBe(true);
		expect(seen).toContain(100);
		await expect.poll(() => tiny.textContent()).toMatch(/Default/);
		await shot(page, '3-installed');

		// 3. Record: no warning any more, live text appears while speaking.
		await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Record' })
			.click();
		await page.getByText('Connected to the server').waitFor({ timeout: 15_000 });
		await page.getByRole('button', { name: 'Start recording' }).waitFor();
		expect(await page.getByRole('alert').filter({ hasText: 'not installed' }).count()).toBe(0);
		await setTabCapture(page, false);
		await startRecording(page);
		const live = page.getByRole('region', { name: 'Live transcript' }).locator('li');
		await live.first().waitFor({ timeout: 60_000 });
		expect(
			await page
				.getByRole('alert')
				.filter({ hasText: 'Live transcription is not working' })
				.count(),
		).toBe(0);
		await shot(page, '4-live');
		await page.waitForFunction(
			() =>
				Number(document.querySelector('time[data-frames]')?.getAttribute('data-frames')) >=
				16000 * 10,
			undefined,
			{ timeout: 60_000, polling: 100 },
		);
		await stopRecording(page);

		// 4. The transcript, in the Library (once the last finals are stored).
		await expect
			.poll(
				async () => {
					const res = await fetch(`${server.url}/api/v1/files/transcriptions`);
					return ((await res.json()) as { total_count: number }).total_count;
				},
				{ timeout: 60_000 },
			)
			.toBe(1);
		await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Library' })
			.click();
		await page.getByRole('list', { name: 'Recordings' }).getByRole('link').first().click();
		const detail = page
			.getByRole('region')
			.filter({ has: page.getByRole('heading', { name: 'Transcript' }) });
		await detail.getByRole('heading', { name: 'Transcript' }).waitFor();
		await expect
			.poll(() => detail.textContent(), { timeout: 30_000 })
			.not.toMatch(/not been transcribed/);
		await shot(page, '5-transcript');
	});

	it('lays out the model manager at phone width, light and dark, without sideways scrolling', async () => {
		for (const colorScheme of ['light', 'dark'] as const) {
			const phone = await browser.newContext({
				viewport: { width: 375, height: 800 },
				colorScheme,
			});
			try {
				const page = await phone.newPage();
				await page.goto(`${server.url}/settings/models`);
				await page.getByRole('heading', { name: 'Whisper models' }).waitFor();
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - window.innerWidth,
				);
				expect(overflow).toBeLessThanOrEqual(0);
				await shot(page, `6-models-phone-${colorScheme}`);
			} finally {
				await phone.close();
			}
		}
	});
});
