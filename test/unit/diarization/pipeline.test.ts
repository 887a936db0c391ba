import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiarizationModels } from '../../../src/lib/server/diarization';
import {
	diarize,
	diarizeChannels,
	loadDiarizationModels,
} from '../../../src/lib/server/diarization';
import { labelledCorrectly, turnErrors } from './metrics';
import { conversation, LINES } from './voices';

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

describe('diarization of three voices taking turns on one channel', () => {
	const { samples, turns: truth } = conversation(LINES);

	it('finds 3 speakers without being told, labels ≥ 90 % of speech right, turns within 0.5 s', async () => {
		const result = await diarize(models, samples);
		const score = labelledCorrectly(truth, result.turns);
		const errors = turnErrors(truth, result.turns);
		expect(result.speakers).toBe(3);
		expect(score).toBeGreaterThanOrEqual(0.9);
		expect(Math.max(...errors)).toBeLessThanOrEqual(0.5);
	}, 60_000);
});

describe('a longer conversation, where after 30 s only every fourth window is embedded', () => {
	const { samples, turns: truth } = conversation([...LINES, ...LINES, ...LINES, ...LINES]);

	it('still finds 3 speakers, labels ≥ 90 % of speech right and places turns within 0.5 s', async () => {
		const result = await diarize(models, samples);
		expect(result.speakers).toBe(3);
		expect(labelledCorrectly(truth, result.turns)).toBeGreaterThanOrEqual(0.9);
		expect(Math.max(...turnErrors(truth, result.turns))).toBeLessThanOrEqual(0.5);
	}, 120_000);
});

describe('diarization within each channel of a two-channel file', () => {
	const left = conversation([
		{ speaker: 'low', text: 'I can take the first part of the demo on Monday.' },
		{ speaker: 'high', text: 'Good, then I will prepare the slides for the second part.' },
		{ speaker: 'low', text: 'Send them to me by Friday so that I can rehearse.' },
		{ speaker: 'high', text: 'Sure, I will also add the numbers from the last quarter.' },
	]);
	const right = conversation([
		{ speaker: 'middle', text: 'On our side the contract is signed and the budget is approved.' },
		{ speaker: 'high', text: 'Then we can start the rollout in the first week of April.' },
		{ speaker: 'middle', text: 'Agreed, let us keep the pilot group small at first.' },
	]);

	it('finds the speakers of each channel on its own', async () => {
		const [a, b] = await diarizeChannels(models, [left.samples, right.samples]);
		expect(a!.speakers).toBe(2);
		expect(b!.speakers).toBe(2);
		expect(labelledCorrectly(left.turns, a!.turns)).toBeGreaterThanOrEqual(0.9);
		expect(labelledCorrectly(right.turns, b!.turns)).toBeGreaterThanOrEqual(0.9);
	}, 60_000);

	it('gives the same answer when the audio arrives in small chunks', async () => {
		const chunks = function* () {
			for (let i = 0; i < left.samples.length; i += 4000) yield left.samples.subarray(i, i + 4000);
		};
		const whole = await diarize(models, left.samples);
		const streamed = await diarize(models, chunks());
		expect(streamed).toEqual(whole);
	}, 60_000);
});
