// The steered model's clock. Positions count from <|startoftranscript|>
// (sot-anchor.ts): position p stands for (p - 2) × 0.1 s, so the first token
// after <|startoftranscript|> <|lang|> <|task|> is at 0 s. Timestamp tokens
// and encoder frames both tick every 20 ms.

const SECONDS_PER_POSITION = 0.1;
const LAST_PROMPT_POSITION = 2;
const SECONDS_PER_TICK = 0.02;

/** The 20 ms tick (timestamp token offset or encoder frame) that position `pos` stands for. */
export function positionTick(pos: number): number {
	return (Math.max(0, pos - LAST_PROMPT_POSITION) * SECONDS_PER_POSITION) / SECONDS_PER_TICK;
}

// A bump peak - (i - centre)² / (2·width²) over indices i in [0, span] is
// written as c0 + c1·x + c2·x² with x = i / span, so that it becomes a rank-3
// product of a per-position row and a per-index column.

export type Quadratic = [number, number, number];

export function bumpCoefficients(
	peak: number,
	centre: number,
	width: number,
	span: number,
): Quadratic {
	const curvature = (span / width) ** 2 / 2;
	const c = Math.min(centre, span) / span;
	return [peak - curvature * c * c, 2 * curvature * c, -curvature];
}

export function bumpBasis(index: number, span: number): Quadratic {
	const x = index / span;
	return [1, x, x * x];
}
