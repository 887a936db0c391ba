const BAR_WIDTH = 24;
/** A terminal bar is redrawn at most this often. */
const REDRAW_MS = 100;
/** Without a terminal (logs, CI), a line is written each time progress passes another step. */
const LINE_STEP_PERCENT = 10;

/**
 * Progress of one item (a file being transcribed, a model file downloading) on stderr: a bar
 * redrawn in place on a terminal, otherwise plain lines like `talk.mp3: 40% (12.0/30.0 s)`.
 */
export class ProgressLine {
	private lastDraw = 0;
	private lastStep = -1;
	private drawn = false;

	constructor(
		private readonly label: string,
		private readonly stream: NodeJS.WriteStream = process.stderr,
		private readonly tty = Boolean(stream.isTTY),
	) {}

	/** `detail` follows the percentage, e.g. `12.0/30.0 s`. */
	update(fraction: number, detail = ''): void {
		const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
		const percent = Math.floor(f * 100);
		if (this.tty) {
			const now = Date.now();
			if (now - this.lastDraw < REDRAW_MS && f < 1) return;
			this.lastDraw = now;
			const filled = Math.round(f * BAR_WIDTH);
			const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
			const text = `${this.label} ${bar} ${String(percent).padStart(3)}%${detail ? ` ${detail}` : ''}`;
			// Cut to the terminal's width so the line never wraps (a wrapped line cannot be redrawn).
			const width = this.stream.columns || 80;
			this.stream.write(
				`\r\x1b[K${Array.from(text)
					.slice(0, width - 1)
					.join('')}`,
			);
			this.drawn = true;
			return;
		}
		const step = Math.floor(percent / LINE_STEP_PERCENT);
		if (step <= this.lastStep) return;
		this.lastStep = step;
		this.stream.write(`${this.label}: ${percent}%${detail ? ` (${detail})` : ''}\n`);
	}

	/** Ends the bar's line (a terminal's cursor is left after it otherwise). */
	end(): void {
		if (this.tty && this.drawn) this.stream.write('\n');
		this.drawn = false;
	}
}
