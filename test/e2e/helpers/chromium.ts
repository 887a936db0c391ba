import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); never a browser Playwright downloads. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser suite can run here. In CI (CI=true) a missing Chromium fails the suite
 * instead of skipping it, so that it cannot silently stop running.
 */
export function chromiumAvailable(): boolean {
	if (fs.existsSync(CHROMIUM)) return true;
	if (process.env.CI)
		throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium)`);
	console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM}`);
	return false;
}

export interface LaunchOptions {
	/** A 16-bit PCM WAV played once as the fake microphone. */
	fakeMic?: string;
	/** getDisplayMedia picks the tab with this title, without a picker. */
	tabTitle?: string;
}

/** Flags measured on Debian's Chromium (see shared/docs/browser-testing-facts.md). */
export function launchChromium(o: LaunchOptions = {}): Promise<Browser> {
	const args = [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--autoplay-policy=no-user-gesture-required',
	];
	if (o.fakeMic)
		args.push(
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-audio-capture=${o.fakeMic}%noloop`,
		);
	if (o.tabTitle) args.push(`--auto-select-tab-capture-source-by-title=${o.tabTitle}`);
	return chromium.launch({
		executablePath: CHROMIUM,
		args,
		// Playwright mutes audio by default, and muted tabs give silent tab capture.
		ignoreDefaultArgs: ['--mute-audio'],
	});
}
