/**
 * `meetingscribe`: the command line. Each command calls the same services as the API (through
 * an AppContext of its own, without the server's job queue), so rules live in one place.
 * Exit codes: 0 success, 1 failure, 2 wrong use of the command line.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, parseEnv, type AppConfig } from '../lib/server/infra/config/env';
import { createAppContext, type AppContext } from '../lib/server/app/context';
import { isDomainError } from '../lib/server/infra/errors';
import { createLogger } from '../lib/server/infra/logger';
import { VERSION } from '../lib/server/infra/version';
import { CliError, UsageError, type Command, type OptionValues } from './command';
import { doctor } from './commands/doctor';
import { exportCommand, recordingsList, transcriptsList } from './commands/library';
import { keysCommands } from './commands/keys';
import { modelsCommands } from './commands/models';
import { serve } from './commands/serve';
import { transcribe } from './commands/transcribe';
import { worker } from './commands/worker';
import { commandHelp, GLOBAL_OPTIONS, groupHelp, mainHelp } from './help';
import { Output } from './output';

const COMMANDS: Command[] = [
	serve,
	transcribe,
	...modelsCommands,
	recordingsList,
	transcriptsList,
	exportCommand,
	...keysCommands,
	doctor,
	worker,
];

const GROUPS = new Set(
	COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]),
);

interface Found {
	command: Command;
	rest: string[];
}

/** Finds the command named by the first one or two words; global flags may come before it. */
function findCommand(argv: string[], out: Output): Found | number {
	const lead: string[] = [];
	let i = 0;
	for (; i < argv.length && argv[i]!.startsWith('-'); i++) lead.push(argv[i]!);
	const word = argv[i];
	const wantsHelp = argv.includes('--help') || argv.includes('-h');
	if (lead.includes('--version') && word === undefined) {
		out.line(VERSION);
		return 0;
	}
	const unknownLead = lead.find((f) => !['--json', '--verbose', '-v', '--help', '-h'].includes(f));
	if (unknownLead) throw new UsageError(`unknown option '${unknownLead}'`);
	if (word === undefined) {
		if (!wantsHelp) throw new UsageError('missing command');
		out.line(mainHelp(COMMANDS));
		return 0;
	}
	if (word === 'help') {
		out.line(mainHelp(COMMANDS));
		return 0;
	}
	if (GROUPS.has(word)) {
		const members = COMMANDS.filter((c) => c.name.startsWith(`${word} `));
		const sub = argv[i + 1];
		if (sub === undefined || sub.startsWith('-')) {
			if (wantsHelp) {
				out.line(groupHelp(word, members));
				return 0;
			}
			throw new UsageError(`missing subcommand: ${members.map((c) => c.name).join(', ')}`, word);
		}
		const command = members.find((c) => c.name === `${word} ${sub}`);
		if (!command) throw new UsageError(`unknown command '${word} ${sub}'`, word);
		return { command, rest: [...lead, ...argv.slice(i + 2)] };
	}
	const command = COMMANDS.find((c) => c.name === word);
	if (!command) throw new UsageError(`unknown command '${word}'`);
	return { command, rest: [...lead, ...argv.slice(i + 1)] };
}

function parseCommandLine(command: Command, args: string[]) {
	const options = { ...command.options, ...GLOBAL_OPTIONS };
	try {
		return parseArgs({
			args,
			options: Object.fromEntries(
				Object.entries(options).map(([name, o]) => [
					name,
					{ type: o.type, ...(o.short ? { short: o.short } : {}) },
				]),
			),
			allowPositionals: true,
			strict: true,
		});
	} catch (e) {
		// node's messages go on with advice about `--`; the first sentence is the point.
		const message = (e as Error).message.split(/\.(\s|$)/)[0]!;
		throw new UsageError(message.charAt(0).toLowerCase() + message.slice(1), command.name);
	}
}

function checkPositionals(command: Command, positionals: string[]): void {
	const { min, max = Infinity } = command.positionals ?? { min: 0, max: 0 };
	if (positionals.length < min) {
		throw new UsageError(`missing argument ${command.args ?? ''}`.trim(), command.name);
	}
	if (positionals.length > max) {
		throw new UsageError(`unexpected argument '${positionals[max]}'`, command.name);
	}
}

/** One line on stderr; details and stack only with --verbose. Returns the exit code. */
function report(e: unknown, out: Output): number {
	if (e instanceof UsageError) {
		const help = e.command ? `meetingscribe ${e.command} --help` : 'meetingscribe --help';
		out.note(`meetingscribe: ${e.message} (see '${help}')`);
		return 2;
	}
	if (e instanceof ConfigError) {
		out.note(`meetingscribe: invalid configuration: ${e.problems.join('; ')}`);
		return 1;
	}
	if (e instanceof CliError) {
		out.note(`meetingscribe: ${e.message}`);
		return 1;
	}
	if (isDomainError(e)) {
		out.note(`meetingscribe: ${e.message}`);
		if (out.verbose && e.details) out.note(JSON.stringify({ code: e.code, ...e.details }));
		return 1;
	}
	const error = e instanceof Error ? e : new Error(String(e));
	out.note(
		`meetingscribe: ${error.message}${out.verbose ? '' : ' (run with --verbose for details)'}`,
	);
	if (out.verbose && error.stack) out.note(error.stack);
	return 1;
}

/** Runs one command line; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
	// A reader that goes away (`meetingscribe … | head`) ends the command quietly, as for any
	// Unix tool, instead of an unhandled EPIPE.
	process.stdout.once('error', (e: NodeJS.ErrnoException) => {
		if (e.code !== 'EPIPE') throw e;
		process.exit(0);
	});
	const early = new Output(
		argv.includes('--json'),
		argv.includes('--verbose') || argv.includes('-v'),
	);
	let found: Found | number;
	let values: OptionValues;
	let positionals: string[];
	try {
		found = findCommand(argv, early);
		if (typeof found === 'number') return found;
		({ values, positionals } = parseCommandLine(found.command, found.rest));
		if (values.help) {
			early.line(commandHelp(found.command));
			return 0;
		}
		checkPositionals(found.command, positionals);
	} catch (e) {
		return report(e, early);
	}

	const out = new Output(values.json === true, values.verbose === true);
	let config: AppConfig | undefined;
	let ctx: AppContext | undefined;
	const getConfig = () => (config ??= parseEnv());
	// stdout is the command's; logs go to stderr, and only when asked for.
	const logger = createLogger(
		out.verbose ? 'debug' : 'silent',
		pino.destination({ dest: 2, sync: true }),
	);
	try {
		const code = await found.command.run({
			values,
			positionals,
			out,
			logger,
			config: getConfig,
			context: () => (ctx ??= createAppContext(getConfig(), { logger, jobQueue: 'in_process' })),
		});
		return code ?? 0;
	} catch (e) {
		return report(e, out);
	} finally {
		await ctx?.dispose();
	}
}
