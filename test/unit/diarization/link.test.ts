import { describe, expect, it } from 'vitest';
import { linkUnembedded } from '../../../src/lib/server/diarization/link';
import { FRAME_CENTRE, FRAME_STEP, frameCount } from '../../../src/lib/server/diarization/powerset';
import type { ScannedWindow } from '../../../src/lib/server/diarization/scan';
import { SAMPLE_RATE, WINDOW_SAMPLES } from '../../../src/lib/server/diarization/scan';

const FRAMES = frameCount(WINDOW_SAMPLES);

/** A window whose local speakers talk during the given spans (seconds of the whole audio). */
function window(
	startSeconds: number,
	speakers: [number, number][],
	embedded: boolean,
): ScannedWindow {
	const start = startSeconds * SAMPLE_RATE;
	const activity = [0, 1, 2].map((k) => {
		const row = new Uint8Array(FRAMES);
		const span = speakers[k];
		if (span)
			for (let i = 0; i < FRAMES; i++) {
				const t = (start + FRAME_STEP * i + FRAME_CENTRE) / SAMPLE_RATE;
				if (t >= span[0] && t < span[1]) row[i] = 1;
			}
		return row;
	});
	return { start, activity, embedded, embeddings: [null, null, null] };
}

describe('windows without embeddings take their speakers from embedded neighbours', () => {
	it('follows a voice by overlap even when the window numbers its speakers differently', () => {
		// Voice A talks 0–5 s, voice B 5–12 s, voice C 12–17 s.
		const windows = [
			window(
				0,
				[
					[0, 5],
					[5, 12],
				],
				true,
			),
			// Local speaker 0 is B here, 1 is C, 2 is A: the numbering is per window.
			window(
				2.5,
				[
					[5, 12],
					[12, 17],
					[0, 5],
				],
				false,
			),
			window(
				7.5,
				[
					[5, 12],
					[12, 17],
				],
				true,
			),
		];
		const labels = [
			[0, 1, -1],
			[-1, -1, -1],
			[1, 2, -1],
		];
		linkUnembedded(
			windows,
			windows.map((w) => w.embedded),
			labels,
		);
		expect(labels[1]).toEqual([1, 2, 0]);
		// Embedded windows keep the clustering's labels.
		expect(labels[0]).toEqual([0, 1, -1]);
		expect(labels[2]).toEqual([1, 2, -1]);
	});

	it('gives two local speakers of one window two different clusters', () => {
		// The embedded window heard A and B as one speaker (cluster 0); the other window tells
		// them apart: only the one that overlaps most takes cluster 0.
		const windows = [
			window(0, [[0, 10]], true),
			window(
				2.5,
				[
					[2.5, 4],
					[4, 10],
				],
				false,
			),
		];
		const labels = [
			[0, -1, -1],
			[-1, -1, -1],
		];
		linkUnembedded(windows, [true, false], labels);
		expect(labels[1]).toEqual([-1, 0, -1]);
	});
});
