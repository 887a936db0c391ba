import { t } from '../i18n';

/** Words for what getUserMedia / getDisplayMedia throw, aimed at the person recording, in the app's language. */
export function micErrorMessage(e: unknown): string {
	const name = e instanceof Error ? e.name : '';
	switch (name) {
		case 'NotAllowedError':
		case 'SecurityError':
			return t('capture.micBlocked');
		case 'NotFoundError':
		case 'OverconstrainedError':
			return t('capture.micMissing');
		case 'NotReadableError':
		case 'AbortError':
			return t('capture.micBusy');
		default:
			return t('capture.micFailed', { message: e instanceof Error ? e.message : String(e) });
	}
}

export function tabErrorMessage(e: unknown): string {
	const name = e instanceof Error ? e.name : '';
	if (name === 'TabAudioError') return (e as Error).message;
	if (name === 'NotAllowedError' || name === 'AbortError') return t('capture.tabCancelled');
	return t('capture.tabFailed', { message: e instanceof Error ? e.message : String(e) });
}

/** Recording needs a secure context (https or localhost) and a browser with media capture. */
export function captureUnavailableReason(): string | null {
	if (!window.isSecureContext) return t('capture.insecure');
	if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined')
		return t('capture.unsupported');
	return null;
}
