// Speaker turns of a stored transcript: its segments, in time order, merged while the same
// speaker goes on (pauses under a second included). The result's `speaker_turns` and the RTTM
// export both come from here, so they always agree.
import type { SegmentRecord } from '../infra/db/records';

export interface StoredTurn {
	start: number;
	end: number;
	speakerId: string;
	speakerName: string;
	channel: number | null;
}

const SAME_TURN_GAP = 1;

export function speakerTurnsOf(segments: readonly SegmentRecord[]): StoredTurn[] {
	const spoken = segments
		.filter((s) => s.speakerId !== null || s.speakerName !== null)
		.sort((a, b) => a.start - b.start);
	const turns: StoredTurn[] = [];
	const open = new Map<string, StoredTurn>();
	for (const s of spoken) {
		const id = s.speakerId ?? s.speakerName!;
		const last = turns.at(-1);
		const mine = open.get(id);
		if (mine && mine === last && s.start - mine.end < SAME_TURN_GAP) {
			mine.end = Math.max(mine.end, s.end);
			continue;
		}
		const turn = {
			start: s.start,
			end: s.end,
			speakerId: id,
			speakerName: s.speakerName ?? id,
			channel: s.channel,
		};
		turns.push(turn);
		open.set(id, turn);
	}
	return turns;
}
