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
	if (stream.getAudioTracks().length === 0)
		throw new TabAudioError(
			'The shared tab has no audio. Share it again and tick “Share tab audio” in the picker.',
		);
	return stream;
}

export class TabAudioError extends Error {
	override name = 'TabAudioError';
}

export function stopStream(stream: MediaStream | null | undefined): void {
	for (const t of stream?.getTracks() ?? []) t.stop();
}

/** What this browser can share besides the microphone, in words for the record page. */
export interface TabAudioSupport {
	supported: boolean;
	note: string;
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
			note: 'Chrome and Edge on a computer can share a tab’s audio: pick the meeting’s tab and tick “Share tab audio”. Whole-system audio is offered only on Windows and ChromeOS. Firefox and Safari cannot share audio.',
		};
	return {
		supported: false,
		note: 'This browser cannot share another tab’s audio: Firefox, Safari and phone browsers record the microphone only. Use Chrome or Edge on a computer to capture the meeting’s tab.',
	};
}
