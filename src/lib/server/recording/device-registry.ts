import type { AudioDevice } from '../../contracts/audio';
import { CAPTURE_SAMPLE_RATE } from '../../contracts/capture';
import { NotFoundError } from '../infra/errors';

type ReportedDevice = Omit<AudioDevice, 'client_id'>;

/**
 * Audio devices announced by connected capture clients (capture:hello). A socket speaks for one
 * client id at a time; its devices go when it disconnects or announces again.
 */
export class DeviceRegistry {
	private readonly clients = new Map<string, { socketId: string; devices: AudioDevice[] }>();
	private readonly clientOfSocket = new Map<string, string>();

	announce(clientId: string, socketId: string, devices: ReportedDevice[]): void {
		this.forget(socketId);
		const previous = this.clients.get(clientId);
		if (previous) this.clientOfSocket.delete(previous.socketId);
		this.clients.set(clientId, {
			socketId,
			devices: devices.map((d) => ({ ...d, client_id: clientId })),
		});
		this.clientOfSocket.set(socketId, clientId);
	}

	forget(socketId: string): void {
		const clientId = this.clientOfSocket.get(socketId);
		if (clientId === undefined) return;
		this.clientOfSocket.delete(socketId);
		this.clients.delete(clientId);
	}

	list(): AudioDevice[] {
		return [...this.clients.values()].flatMap((c) => c.devices);
	}

	/** A device by id, within one client's devices when clientId is given. */
	find(deviceId: string, clientId?: string): AudioDevice | undefined {
		const pool = clientId === undefined ? this.list() : (this.clients.get(clientId)?.devices ?? []);
		return pool.find((d) => d.id === deviceId);
	}

	/** The client's default microphone, else its first microphone, else its first device. */
	defaultFor(clientId: string): AudioDevice | undefined {
		const devices = this.clients.get(clientId)?.devices ?? [];
		return (
			devices.find((d) => d.is_default && d.kind === 'microphone') ??
			devices.find((d) => d.kind === 'microphone') ??
			devices[0]
		);
	}

	/**
	 * The device a new session records from: the one asked for (404 when no connected client has
	 * it), else the client's default, else a generic default input.
	 */
	resolve(deviceId: string | undefined, clientId: string | undefined): AudioDevice {
		if (deviceId !== undefined) {
			const found = this.find(deviceId, clientId);
			if (!found) {
				throw new NotFoundError('Audio device', deviceId);
			}
			return found;
		}
		return (
			(clientId === undefined ? undefined : this.defaultFor(clientId)) ?? {
				id: 'default',
				name: 'Default input',
				kind: 'microphone',
				max_input_channels: 2,
				max_output_channels: 0,
				sample_rate: CAPTURE_SAMPLE_RATE,
				is_default: true,
				is_loopback: false,
				is_available: true,
				client_id: clientId ?? null,
			}
		);
	}
}
