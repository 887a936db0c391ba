import { VERSION } from '../lib/server/infra/version';
import type { Command, OptionSpec } from './command';

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
	json: { type: 'boolean', description: 'Print the result as JSON on stdout (for scripts)' },
	verbose: {
		type: 'boolean',
		short: 'v',
		description: 'Log what happens, and show error details, on stderr',
	},
	help: { type: 'boolean', short: 'h', description: 'Show help' },
};

function optionLines(options: Record<string, OptionSpec>): string[] {
	const rows = Object.entries(options).map(([name, o]) => [
		`${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`,
		o.description,
	]);
	const width = Math.max(...rows.map(([left]) => left!.length));
	return rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`);
}

const usageOf = (c: Command) =>
	`meetingscribe ${c.name}${c.args ? ` ${c.args}` : ''}${c.options ? ' [options]' : ''}`;

export function mainHelp(commands: Command[]): string {
	const rows = commands.map((c) => [`${c.name}${c.args ? ` ${c.args}` : ''}`, c.summary]);
	const width = Math.max(...rows.map(([left]) => left!.length));
	return [
		`MeetingScribe ${VERSION}: record, transcribe and export meetings on your own machine.`,
		'',
		'Usage: meetingscribe <command> [options]',
		'',
		'Commands:',
		...rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`),
		'',
		'Options for every command:',
		...optionLines(GLOBAL_OPTIONS),
		'      --version  Print the version',
		'',
		'Settings come from the environment, as for the server: DATA_DIR, MODELS_DIR,',
		'MODEL_DOWNLOADS, HF_ENDPOINT, WHISPER_MODEL, DEVICE, WHISPER_DTYPE, FFMPEG_PATH (see the README).',
		"Run 'meetingscribe <command> --help' for a command's options.",
	].join('\n');
}

/** Help for a group such as `models`: its subcommands. */
export function groupHelp(group: string, commands: Command[]): string {
	const rows = commands.map((c) => [usageOf(c), c.summary]);
	const width = Math.max(...rows.map(([left]) => left!.length));
	return [
		`Usage: meetingscribe ${group} <${commands.map((c) => c.name.split(' ')[1]).join('|')}> [options]`,
		'',
		...rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`),
		'',
		`Run 'meetingscribe ${group} <command> --help' for a command's options.`,
	].join('\n');
}

export function commandHelp(c: Command): string {
	return [
		`Usage: ${usageOf(c)}`,
		'',
		c.summary + '.',
		...(c.details ? ['', c.details] : []),
		'',
		'Options:',
		...optionLines({ ...c.options, ...GLOBAL_OPTIONS }),
	].join('\n');
}
