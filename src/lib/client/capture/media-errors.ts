/** Words for what getUserMedia / getDisplayMedia throw, aimed at the person recording. */
export function micErrorMessage(e: unknown): string {
	const name = e instanceof Error ? e.name : '';
	switch (name) {
		case 'NotAllowedError':
		case 'SecurityError':
			return 'Microphone access is blocked. Allow it from the icon in the address bar, then try again.';
		case 'NotFoundError':
		case 'OverconstrainedError':
			return 'The chosen microphone is not available. Plug it in or pick another one.';
		case 'NotReadableError':
		case 'AbortError':
			return 'The microphone could not be opened: another application may be using it.';
		default:
			return `The microphone could not be opened (${e instanceof Error ? e.message : String(e)}).`;
	}
}

export function tabErrorMessage(e: unknown): string {
	const name = e instanceof Error ? e.name : '';
	if (name === 'TabAudioError') return (e as Error).message;
	if (name === 'NotAllowedError' || name === 'AbortError')
		return 'Tab sharing was cancelled. Start again and pick the meeting’s tab, or turn off tab audio.';
	return `The tab could not be shared (${e instanceof Error ? e.message : String(e)}).`;
}

/** Recording needs a secure context (https or localhost) and a browser with media capture. */
export function captureUnavailableReason(): string | null {
	if (!window.isSecureContext)
		return 'Recording needs a secure connection: open MeetingScribe over https or on localhost.';
	if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined')
		return 'This browser cannot record audio. Use a recent Chrome, Edge, Firefox or Safari.';
	return null;
}
