import {
	startRecordingResponseSchema,
	stopRecordingResponseSchema,
	type StartRecordingRequest,
} from '$lib/contracts/audio';
import { api } from '../api';
import type { SessionApi } from './uplink';

export const sessionApi: SessionApi = {
	async start(req) {
		const body: Partial<StartRecordingRequest> = req;
		const res = await api('/api/v1/audio/record', { method: 'POST', body });
		return startRecordingResponseSchema.parse(res).session;
	},
	async stop(sessionId) {
		const res = await api('/api/v1/audio/stop', {
			method: 'POST',
			body: { session_id: sessionId, save_file: true },
		});
		return { audio_file: stopRecordingResponseSchema.parse(res).audio_file };
	},
};
