// Provisional speaker labels by voice for live finals, within each channel: one voice on a
// channel keeps the channel's name ("You", "Remote"); from the second on they are numbered
// ("Remote 1", "Remote 2"), and finals already sent are sent again with their new name (clients
// replace segments by id). The pass over the whole recording (refine) may number them otherwise.
import type { LiveSegment } from '../../contracts/live';
import type { DiarizationModels } from '../diarization';
import { OnlineVoices, voicePrint } from '../diarization';

export interface LiveVoicesOptions {
	models: Promise<DiarizationModels>;
	/** Channel names ("You", "Remote") and stable ids ("mic", "tab"). */
	names: string[];
	ids: string[];
	/** A final whose label changed, to send again. */
	relabel(segment: LiveSegment): void;
	onError(err: unknown): void;
}

export class LiveVoices {
	private readonly voices = new Map<number, OnlineVoices>();
	/** The voice of each final (by segment id), once known. */
	private readonly voiceOf = new Map<string, number>();
	private readonly finals = new Map<string, LiveSegment>();
	private readonly pending = new Set<Promise<void>>();

	constructor(private readonly o: LiveVoicesOptions) {}

	/** Starts finding the voice of a final's audio (copied: the engine may take the buffer). */
	listen(segmentId: string, channel: number, audio: Float32Array): void {
		const samples = audio.slice();
		const work = (async () => {
			const models = await this.o.models;
			const print = await voicePrint(models, samples);
			if (!print) return;
			let online = this.voices.get(channel);
			if (!online) this.voices.set(channel, (online = new OnlineVoices(models.threshold)));
			this.voiceOf.set(segmentId, online.assign(print));
			this.rename(channel);
		})()
			.catch((err: unknown) => this.o.onError(err))
			.finally(() => this.pending.delete(work));
		this.pending.add(work);
	}

	/** A final about to be sent: named by its voice when known; later changes are sent again. */
	name(segment: LiveSegment): void {
		this.finals.set(segment.segment_id, segment);
		Object.assign(segment, this.label(segment));
	}

	/** Resolves when every voice asked for is known. */
	async settled(): Promise<void> {
		while (this.pending.size) await Promise.allSettled([...this.pending]);
	}

	private label(s: LiveSegment): Pick<LiveSegment, 'speaker' | 'speaker_id'> {
		const voice = this.voiceOf.get(s.segment_id);
		const count = this.voices.get(s.channel)?.count ?? 0;
		const base = this.o.names[s.channel] ?? `Channel ${s.channel + 1}`;
		const id = this.o.ids[s.channel] ?? `ch${s.channel}`;
		if (voice === undefined || count < 2) return { speaker: base, speaker_id: id };
		return { speaker: `${base} ${voice + 1}`, speaker_id: `${id}-${voice + 1}` };
	}

	private rename(channel: number): void {
		for (const s of this.finals.values()) {
			if (s.channel !== channel) continue;
			const next = this.label(s);
			if (next.speaker === s.speaker && next.speaker_id === s.speaker_id) continue;
			Object.assign(s, next);
			this.o.relabel(s);
		}
	}
}
