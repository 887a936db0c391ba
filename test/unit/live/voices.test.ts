import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSegment } from '../../../src/lib/contracts/live';
import type { DiarizationModels } from '../../../src/lib/server/diarization';
import { loadDiarizationModels } from '../../../src/lib/server/diarization';
import { LiveVoices } from '../../../src/lib/server/live/voices';
import { speak, type Voice } from '../diarization/voices';

const FIXTURES = path.resolve('test/fixtures/models');
let models: DiarizationModels;
beforeAll(async () => {
	models = await loadDiarizationModels({
		segmentation: path.join(FIXTURES, 'diarize-segmentation-test'),
		embedding: path.join(FIXTURES, 'diarize-embedding-test'),
	});
});
afterAll(async () => {
	await models?.release();
});

const segment = (id: string, channel: number): LiveSegment => ({
	session_id: 's',
	segment_id: id,
	channel,
	speaker: channel === 0 ? 'You' : 'Remote',
	start: 0,
	end: 1,
	text: 'x',
	final: true,
});

describe('provisional voice labels of live finals', () => {
	it('keeps the channel name for one voice, numbers voices from the second, and resends earlier finals', async () => {
		const resent: { id: string; speaker: string }[] = [];
		const voices = new LiveVoices({
			models: Promise.resolve(models),
			names: ['You', 'Remote'],
			ids: ['mic', 'tab'],
			relabel: (s) => resent.push({ id: s.segment_id, speaker: s.speaker }),
			onError: (e) => {
				throw e;
			},
		});
		const heard = async (id: string, channel: number, voice: Voice, text: string) => {
			voices.listen(id, channel, speak(voice, text));
			await voices.settled();
			const s = segment(id, channel);
			voices.name(s);
			return s;
		};
		const a = await heard('1-0', 1, 'low', 'We looked at the numbers this morning.');
		expect([a.speaker, a.speaker_id]).toEqual(['Remote', 'tab']);
		const mic = await heard('0-0', 0, 'middle', 'Can you all hear me well today?');
		expect([mic.speaker, mic.speaker_id]).toEqual(['You', 'mic']);
		expect(resent).toEqual([]);

		const b = await heard('1-1', 1, 'high', 'The second quarter went better than planned.');
		expect([b.speaker, b.speaker_id]).toEqual(['Remote 2', 'tab-2']);
		// The first remote final is sent again under its number; the mic's is untouched.
		expect(resent).toEqual([{ id: '1-0', speaker: 'Remote 1' }]);
		expect(a.speaker).toBe('Remote 1');

		const c = await heard('1-2', 1, 'low', 'Then we keep the budget as it is.');
		expect(c.speaker).toBe('Remote 1');
		expect(mic.speaker).toBe('You');
	});
});
