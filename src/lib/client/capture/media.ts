import { t } from '../i18n';

/** Browser processing of the microphone signal; off by default for a faithful recording. */
export interface MicProcessing {
	echoCancellation: boolean;
	noiseSuppression: boolean;
	autoGainControl: boolean;
}

export function processingConstraints(enabled: boolean): MicProcessing {
	return { echoCancellation: enabled, noiseSuppression: enabled, autoGainControl: enabled };
}

export async function openMicrophone(deviceId: string | null, processing: boolean) {
	return navigator.mediaDevices.getUserMedia({
		audio: {
			...processingConstraints(processing),
			...(deviceId ? { deviceId: { exact: deviceId } } : {}),
		},
		video: false,
	});
}

/**
 * Asks the user to share a tab (or, where the system allows, the screen with its audio). Only
 * the audio is kept: the video track browsers insist on is stopped at once.
 */
export async function openTabAudio(): Promise<MediaStream> {
	const stream = await navigator.mediaDevices.getDisplayMedia({
		video: true,
		audio: { ...processingConstraints(false), suppressLocalAudioPlayback: false },
		// Chromium-only hints; other browsers ignore unknown members.
		preferCurrentTab: false,
		selfBrowserSurface: 'exclude',
		systemAudio: 'include',
		surfaceSwitching: 'include',
	} as DisplayMediaStreamOptions);
	for (const t of stream.getVideoTracks()) {
		t.stop();
		stream.removeTrack(t);
	}
	if (stream.getAudioTracks().length === 0) throw new TabAudioError(t('capture.tabSilent'));
	return stream;
}

export class TabAudioError extends Error {
	override name = 'TabAudioError';
}

export function stopStream(stream: MediaStream | null | undefined): void {
	for (const t of stream?.getTracks() ?? []) t.stop();
}

/** What this browser can share besides the microphone; `note` is the record page's words for it. */
export interface TabAudioSupport {
	supported: boolean;
	note: 'capture.tabNote' | 'capture.tabNoteUnsupported';
}

export function tabAudioSupport(): TabAudioSupport {
	const ua = navigator.userAgent;
	const data = (
		navigator as Navigator & { userAgentData?: { mobile: boolean; brands: { brand: string }[] } }
	).userAgentData;
	const chromium = data
		? data.brands.some((b) => /Chromium|Google Chrome|Microsoft Edge/.test(b.brand))
		: /Chrome\/|Edg\//.test(ua) && !/Firefox\//.test(ua);
	const mobile = data ? data.mobile : /Android|iPhone|iPad|Mobile/.test(ua);
	const canShare = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
	if (chromium && !mobile && canShare)
		return {
			supported: true,
			note: 'capture.tabNote',
		};
	return {
		supported: false,
		note: 'capture.tabNoteUnsupported',
	};
}
