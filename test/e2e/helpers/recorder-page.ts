import path from 'node:path';
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CAPTURE_SAMPLE_RATE } from '../../../src/lib/contracts/capture';
import { readWav, toneAmplitude, windowedCorrelation, type Pcm } from './wav-audio';

export const TONE_TITLE = 'MeetingScribe test tone';

/** A second tab playing a 1 kHz tone: the "meeting" whose audio is captured as channel 1. */
export async function openToneTab(context: BrowserContext, baseUrl: string): Promise<Page> {
	const tab = await context.newPage();
	await tab.goto(`${baseUrl}/api/health`);
	await tab.evaluate((title) => {
		document.title = title;
		const ctx = new AudioContext();
		const osc = new OscillatorNode(ctx, { frequency: 1000 });
		const gain = new GainNode(ctx, { gain: 0.5 });
		osc.connect(gain).connect(ctx.destination);
		osc.start();
		return ctx.resume();
	}, TONE_TITLE);
	return tab;
}

export async function openRecordPage(context: BrowserContext, baseUrl: string): Promise<Page> {
	const page = await context.newPage();
	// Leaving a recording asks "leave the page?": the tests mean to.
	page.on('dialog', (d) => void d.accept());
	await page.goto(`${baseUrl}/record`);
	await page.getByText('Connected to the server').waitFor({ timeout: 15_000 });
	return page;
}

export async function setTabCapture(page: Page, on: boolean): Promise<void> {
	await page.getByLabel(/Capture the meeting.s tab audio/).setChecked(on);
}

/** Frames recorded so far, as the page shows them. */
export function recordedFrames(page: Page): Promise<number> {
	return page.locator('time[data-frames]').evaluate((el) => Number(el.getAttribute('data-frames')));
}

export async function waitForSeconds(page: Page, seconds: number): Promise<void> {
	await page.waitForFunction(
		(frames) =>
			Number(document.querySelector('time[data-frames]')?.getAttribute('data-frames')) >= frames,
		seconds * CAPTURE_SAMPLE_RATE,
		{ timeout: 60_000, polling: 50 },
	);
}

export async function startRecording(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Start recording' }).click();
	await page.getByRole('button', { name: 'Stop recording' }).waitFor({ timeout: 20_000 });
}

/**
 * Stops and waits for the server's answer to POST /api/v1/audio/stop (sent only once the
 * outbox is empty). Returns the WAV path relative to DATA_DIR and the frames the page recorded.
 */
export async function stopRecording(
	page: Page,
): Promise<{ relPath: string; frames: number; sessionId: string }> {
	const stopped = page.waitForResponse(
		(r) => r.url().endsWith('/api/v1/audio/stop') && r.request().method() === 'POST',
		{ timeout: 120_000 },
	);
	// Sharing another tab brings that tab to the front; a background tab's clicks are slow.
	await page.bringToFront();
	await page.getByRole('button', { name: 'Stop recording' }).click();
	const body = (await (await stopped).json()) as {
		session: { session_id: string };
		audio_file: { path: string } | null;
	};
	await page.getByRole('button', { name: 'Start recording' }).waitFor({ timeout: 30_000 });
	expect(body.audio_file, 'the stop response names the saved file').not.toBeNull();
	return {
		relPath: body.audio_file!.path,
		frames: await recordedFrames(page),
		sessionId: body.session.session_id,
	};
}

export interface CheckedRecording {
	wav: Pcm;
}

/**
 * The server's WAV holds what the page recorded: as many frames (±50 ms), channel 0 matches
 * the microphone's source (windowed correlation ≥ 0.95 after alignment, one stalled window of
 * ≥ 0.8 allowed), and, with tab audio, the tone is in channel 1 only.
 */
export function checkRecording(
	dataDir: string,
	relPath: string,
	frames: number,
	reference: Pcm,
	channels: 1 | 2,
	toleranceSeconds = 0.05,
): CheckedRecording {
	const wav = readWav(path.join(dataDir, relPath));
	expect(wav.sampleRate).toBe(CAPTURE_SAMPLE_RATE);
	expect(wav.channels).toHaveLength(channels);
	expect(Math.abs(wav.frames - frames)).toBeLessThanOrEqual(toleranceSeconds * CAPTURE_SAMPLE_RATE);
	const { windows } = windowedCorrelation(wav.channels[0]!, reference.channels[0]!);
	const clean = windows.filter((w) => !w.hiccup).map((w) => w.correlation);
	const hiccups = windows.length - clean.length;
	expect(clean.length, 'windows with speech').toBeGreaterThanOrEqual(4);
	// One window a little off (0.8–0.95) is the fake microphone stalling for a moment when the
	// machine is busy: the frames still match and the windows after it line up again. A lost
	// 250 ms chunk, or one written twice, drops a window near 0 or shifts all that follow.
	const poor = windows.filter((w) => !w.hiccup && w.correlation < 0.95);
	const described = poor.map(
		(w) => `at ${w.at}: ${w.correlation.toFixed(3)}, zero runs [${w.zeroRuns.join(',')}]`,
	);
	const message = `window correlations ${clean.map((c) => c.toFixed(3)).join(',')}; below 0.95: ${described.join('; ')}`;
	expect(poor.length, message).toBeLessThanOrEqual(1);
	expect(Math.min(...clean), message).toBeGreaterThanOrEqual(0.8);
	// The fake device's own hiccups are rare; many would mean something else is wrong.
	expect(hiccups, 'windows with a 10 ms hiccup of the fake microphone').toBeLessThanOrEqual(
		windows.length / 8,
	);
	const figures = [
		`frames ${wav.frames} (page ${frames})`,
		`correlation min ${Math.min(...clean).toFixed(4)} over ${clean.length} windows (${hiccups} with a device hiccup)`,
	];
	if (channels === 2) {
		const tab = toneAmplitude(wav.channels[1]!, 1000, CAPTURE_SAMPLE_RATE);
		const mic = toneAmplitude(wav.channels[0]!, 1000, CAPTURE_SAMPLE_RATE);
		figures.push(`1 kHz amplitude tab ${tab.toFixed(4)}, mic ${mic.toFixed(5)}`);
		expect(tab, 'tone in the tab channel').toBeGreaterThan(0.1);
		expect(mic, 'tone leaking into the microphone channel').toBeLessThan(tab / 50);
	}
	console.info(`recording check: ${figures.join('; ')}`);
	return { wav };
}
