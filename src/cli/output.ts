/**
 * Where the CLI writes: results on stdout (JSON with --json, for scripts), progress and notes on
 * stderr, so `meetingscribe … --json | jq` always gets clean JSON.
 */
export class Output {
	constructor(
		readonly json: boolean,
		readonly verbose: boolean,
		private readonly stdout: NodeJS.WriteStream = process.stdout,
		readonly stderr: NodeJS.WriteStream = process.stderr,
	) {}

	/** A command's result: `data` as JSON under --json, otherwise what `human` prints. */
	result(data: unknown, human: () => void): void {
		if (this.json) this.line(JSON.stringify(data, null, 2));
		else human();
	}

	line(text = ''): void {
		this.stdout.write(`${text}\n`);
	}

	/** For people watching, not for scripts: stderr. */
	note(text: string): void {
		this.stderr.write(`${text}\n`);
	}

	/** Left-aligned columns; the last one is not padded (long names and texts go there). */
	table(headers: string[], rows: string[][]): void {
		const widths = headers.map((h, i) =>
			Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)),
		);
		const format = (cells: string[]) =>
			cells
				.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
				.join('  ')
				.trimEnd();
		this.line(format(headers));
		for (const row of rows) this.line(format(row));
	}
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `2026-11-27T08:36:59.123Z` → `2026-11-27 08:36`. */
export const shortDate = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');
