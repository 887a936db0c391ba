/** Whole milliseconds of a time in seconds; negative and non-finite times count as 0. */
export function toMs(seconds: number): number {
	return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `HH:MM:SS` plus `<sep>mmm` when a separator is given (`,` for SRT, `.` for WebVTT). Hours are
 * never wrapped: a 30 h recording reads 30:00:00.
 */
export function clock(ms: number, fractionSeparator?: ',' | '.'): string {
	const whole = Math.max(0, Math.round(ms));
	const h = Math.floor(whole / 3_600_000);
	const m = Math.floor(whole / 60_000) % 60;
	const s = Math.floor(whole / 1000) % 60;
	const base = `${pad(h)}:${pad(m)}:${pad(s)}`;
	return fractionSeparator ? `${base}${fractionSeparator}${pad(whole % 1000, 3)}` : base;
}

/** `HH:MM:SS` for a duration in seconds, rounded to the nearest second. */
export function formatDuration(seconds: number): string {
	return clock(Math.round(toMs(seconds) / 1000) * 1000);
}
