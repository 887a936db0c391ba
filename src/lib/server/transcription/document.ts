import type { SegmentRecord, TranscriptRecord } from '../infra/db/records';

/** What an export is made of: the stored transcript and its segments, as they are now. */
export interface ExportDocument {
	transcript: TranscriptRecord;
	/** In stored order; speaker names are the current ones (a rename shows in every export). */
	segments: SegmentRecord[];
	/** Display name of the recording it came from, if any. */
	audioFilename: string | null;
}
