import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { chromiumAvailable, launchChromium } from './helpers/chromium';
import { CaptureTap, expectExactlyAcknowledged } from './helpers/capture-tap';
import { makeSpeechFixture } from './helpers/fixtures';
import { startProxy, type Proxy } from './helpers/proxy';
import {
	checkRecording,
	openRecordPage,
	openToneTab,
	recordedFrames,
	setTabCapture,
	startRecording,
	stopRecording,
	TONE_TITLE,
	waitForSeconds,
} from './helpers/recorder-page';
import { readWav, type Pcm } from './helpers/wav-audio';

/**
 * The browser half of recording, end to end: Debian's Chromium with a fake microphone playing
 * a speech file and a tab playing a tone, against the real server. Fidelity is checked against
 * the source; loss across network cuts, a killed server and a reload is checked byte for byte
 * against what the page sent and the server acknowledged (CaptureTap), so a fake microphone
 * stalling on a busy machine cannot read as loss.
 */
describe.skipIf(!chromiumAvailable())('recording in Chromium', () => {
	let browser: Browser;
	let reference: Pcm;
	let context: BrowserContext | null = null;
	const servers: RunningServer[] = [];
	const proxies: Proxy[] = [];

	beforeAll(async () => {
		const fixture = makeSpeechFixture(tempDir('meetingscribe-e2e-audio-'));
		reference = fixture.reference;
		browser = await launchChromium({ fakeMic: fixture.wav, tabTitle: TONE_TITLE });
	});

	afterEach(async () => {
		await context?.close();
		context = null;
		for (const p of proxies.splice(0)) await p.close();
		for (const s of servers.splice(0)) await s.stop('SIGKILL');
	});

	afterAll(async () => {
		await browser?.close();
	});

	async function server(env: Record<string, string> = {}) {
		const s = await startServer(env);
		servers.push(s);
		return s;
	}

	async function newContext() {
		context = await browser.newContext({ permissions: ['microphone'] });
		return context;
	}

	it('records microphone and tab audio as two faithful channels', async () => {
		const s = await server();
		const ctx = await newContext();
		await openToneTab(ctx, s.url);
		const page = await openRecordPage(ctx, s.url);
		await setTabCapture(page, true);
		await startRecording(page);
		await expect.poll(() => page.getByText('Tab audio', { exact: true }).count()).toBe(1);
		await waitForSeconds(page, 4);
		const { relPath, frames } = await stopRecording(page);
		expect(frames).toBeGreaterThanOrEqual(4 * 16000);
		checkRecording(s.dataDir, relPath, frames, reference, 2);
	});

	it('loses nothing when the network drops mid-recording', async () => {
		const s = await server();
		const proxy = await startProxy(s.url);
		proxies.push(proxy);
		const ctx = await newContext();
		const tap = new CaptureTap(ctx);
		const page = await openRecordPage(ctx, proxy.url);
		await setTabCapture(page, false);
		await startRecording(page);
		await waitForSeconds(page, 1.5);
		proxy.cut();
		await page.getByText('Server unreachable', { exact: false }).first().waitFor();
		const cutAt = await recordedFrames(page);
		await waitForSeconds(page, cutAt / 16000 + 2);
		proxy.restore();
		await page.getByText('Connected to the server').waitFor({ timeout: 20_000 });
		await waitForSeconds(page, 5.5);
		const { relPath, sessionId } = await stopRecording(page);
		expectExactlyAcknowledged(path.join(s.dataDir, relPath), tap.acknowledged(sessionId));
	});

	// SIGKILL: the connection just breaks. SIGTERM: the server disconnects the client on purpose
	// ("io server disconnect"), after which Socket.IO would not reconnect by itself.
	it.each(['SIGKILL', 'SIGTERM'] as const)(
		'loses nothing when the server gets %s and restarts mid-recording',
		async (signal) => {
			const first = await server();
			const port = new URL(first.url).port;
			const ctx = await newContext();
			const tap = new CaptureTap(ctx);
			const page = await openRecordPage(ctx, first.url);
			await setTabCapture(page, false);
			await startRecording(page);
			await waitForSeconds(page, 1.5);
			await first.stop(signal);
			await page.getByText('Server unreachable', { exact: false }).first().waitFor();
			const downAt = await recordedFrames(page);
			await waitForSeconds(page, downAt / 16000 + 2);
			await server({ PORT: port, DATA_DIR: first.dataDir });
			await page.getByText('Connected to the server').waitFor({ timeout: 20_000 });
			await waitForSeconds(page, 6);
			const { relPath, sessionId } = await stopRecording(page);
			expectExactlyAcknowledged(path.join(first.dataDir, relPath), tap.acknowledged(sessionId));
		},
	);

	it('after a reload, uploads the audio the closed page left behind and finishes it', async () => {
		const s = await server();
		const proxy = await startProxy(s.url);
		proxies.push(proxy);
		const ctx = await newContext();
		const tap = new CaptureTap(ctx);
		const page = await openRecordPage(ctx, proxy.url);
		// The service worker serves the page again while the server is unreachable.
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
		await setTabCapture(page, false);
		const started = page.waitForResponse(
			// The session that started: a first try naming a device the server has not heard of
			// yet answers 404 and is made again without it (uplink.ts begin()).
			(r) => r.url().endsWith('/api/v1/audio/record') && r.ok(),
		);
		await startRecording(page);
		const { session } = (await (await started).json()) as { session: { session_id: string } };
		await waitForSeconds(page, 1);
		proxy.cut();
		await waitForSeconds(page, 3.5);
		const framesBeforeReload = await recordedFrames(page);
		await page.reload();
		await page.getByText('left over from a recording that was interrupted').waitFor();

		// Every answer to the page's stop calls, to explain a failure (a retried stop may see
		// SESSION_NOT_ACTIVE after a first one that the page never heard back from).
		const stops: string[] = [];
		page.on('response', (r) => {
			if (r.url().endsWith('/api/v1/audio/stop'))
				r.text().then(
					(t) => stops.push(`${r.status()} ${t.slice(0, 200)}`),
					() => stops.push(`${r.status()} (no body)`),
				);
		});
		proxy.restore();
		await page
			.getByText('The interrupted recording is complete on the server')
			.waitFor({ timeout: 60_000 });
		const res = await fetch(`${s.url}/api/v1/audio/sessions/${session.session_id}`);
		const stored = ((await res.json()) as { session: { status: string; file_path: string | null } })
			.session;
		expect(stored.status, `stop answers: ${stops.join(' | ')}`).toBe('completed');
		// Every chunk the server acknowledged, before and after the reload, is in the file as sent;
		// and what the page recorded until it went away arrived (the chunk being stored at that
		// moment may be missing).
		const file = path.join(s.dataDir, stored.file_path!);
		expectExactlyAcknowledged(file, tap.acknowledged(session.session_id));
		expect(readWav(file).frames).toBeGreaterThanOrEqual(framesBeforeReload - 4000);
	});
});
