import { describe, expect, it } from 'vitest';
import { describeDevices } from '../../../../src/lib/client/capture/devices';
import { captureHelloSchema } from '../../../../src/lib/contracts/capture';

describe('devices announced in capture:hello', () => {
	it('lists microphones, the tab source when the browser can share one, and fits the schema', () => {
		const mics = [
			{ deviceId: 'default', label: 'Default - Headset' },
			{ deviceId: 'abc', label: 'Built-in microphone' },
		];
		const devices = describeDevices(mics, true);
		expect(devices.map((d) => [d.id, d.kind, d.is_default, d.is_loopback])).toEqual([
			['default', 'microphone', true, false],
			['abc', 'microphone', false, false],
			['tab', 'tab', false, true],
		]);
		expect(captureHelloSchema.safeParse({ client_id: 'c', devices }).success).toBe(true);
		expect(describeDevices(mics, false).some((d) => d.kind === 'tab')).toBe(false);
	});

	it('keeps within the hello’s bounds whatever the browser reports', () => {
		const mics = Array.from({ length: 100 }, (_, i) => ({
			deviceId: i === 0 ? 'x'.repeat(300) : `id-${i}`,
			label: 'n'.repeat(500),
		}));
		const devices = describeDevices(mics, true);
		expect(devices).toHaveLength(64);
		expect(captureHelloSchema.safeParse({ client_id: 'c', devices }).success).toBe(true);
	});
});
