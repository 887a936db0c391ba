import type { AudioDevice } from '$lib/contracts/audio';
import { CAPTURE_SAMPLE_RATE } from '$lib/contracts/capture';

export interface MicrophoneOption {
	deviceId: string;
	label: string;
}

/**
 * Audio inputs the browser offers. Before the microphone permission is granted browsers hide
 * labels (and often ids), so `labelled` says whether the list is worth showing.
 */
export async function listMicrophones(): Promise<{ mics: MicrophoneOption[]; labelled: boolean }> {
	if (!navigator.mediaDevices?.enumerateDevices) return { mics: [], labelled: false };
	const inputs = (await navigator.mediaDevices.enumerateDevices()).filter(
		(d) => d.kind === 'audioinput',
	);
	const labelled = inputs.some((d) => d.label !== '');
	const mics = inputs
		.filter((d) => d.deviceId !== '')
		.map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
	return { mics, labelled };
}

/** The devices announced to the server in `capture:hello` (its GET /api/v1/audio/devices). */
export function describeDevices(
	mics: MicrophoneOption[],
	tabAudio: boolean,
): Omit<AudioDevice, 'client_id'>[] {
	const base = {
		max_output_channels: 0,
		sample_rate: CAPTURE_SAMPLE_RATE,
		is_available: true,
	};
	// Within capture:hello's bounds: ids and names of at most 200 characters, 64 devices.
	const fit = mics.filter((m) => m.deviceId.length <= 200).slice(0, 63);
	const devices: Omit<AudioDevice, 'client_id'>[] = fit.map((m, i) => ({
		...base,
		id: m.deviceId,
		name: m.label.slice(0, 200),
		kind: 'microphone',
		max_input_channels: 1,
		is_default: m.deviceId === 'default' || i === 0,
		is_loopback: false,
	}));
	if (tabAudio)
		devices.push({
			...base,
			id: 'tab',
			name: 'Tab audio (chosen when recording starts)',
			kind: 'tab',
			max_input_channels: 1,
			is_default: false,
			is_loopback: true,
		});
	return devices;
}
