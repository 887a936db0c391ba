import type { AppConfig } from '../lib/server/infra/config/env';
import type { AppContext } from '../lib/server/app/context';
import type { Logger } from '../lib/server/infra/logger';
import type { Output } from './output';

/** Wrong use of the command line (unknown command or option, missing argument): exit code 2. */
export class UsageError extends Error {
	constructor(
		message: string,
		/** The command whose help explains the right use, e.g. `models pull`. */
		readonly command?: string,
	) {
		super(message);
		this.name = 'UsageError';
	}
}

/** An expected failure (a missing file, a refused id): its message is the whole story. Exit 1. */
export class CliError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CliError';
	}
}

export interface OptionSpec {
	type: 'string' | 'boolean';
	short?: string;
	/** Shown in help after the option name, e.g. `DIR`. */
	value?: string;
	description: string;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandInput {
	values: OptionValues;
	positionals: string[];
	out: Output;
	/** The environment's configuration (DATA_DIR, MODELS_DIR…), parsed on first use. */
	config(this: void): AppConfig;
	/** Logs on stderr: silent unless --verbose. */
	logger: Logger;
	/** The same services the server uses, built on first use and disposed after the command. */
	context(this: void): AppContext;
}

export interface Command {
	/** What is typed: `transcribe`, `models pull`… */
	name: string;
	/** Positional arguments as shown in help, e.g. `<files...>`. */
	args?: string;
	summary: string;
	/** More lines of help, below the usage line. */
	details?: string;
	options?: Record<string, OptionSpec>;
	/** How many positional arguments (`max` absent: no limit); none when this is absent. */
	positionals?: { min: number; max?: number };
	/**
	 * The exit code (0 when nothing is returned), directly or as a promise: commands that only do
	 * synchronous work need not be async. The caller awaits it and reports what it throws.
	 */
	run(input: CommandInput): number | void | Promise<number | void>;
}

/** The value of a string option, or undefined. */
export function stringOption(values: OptionValues, name: string): string | undefined {
	const v = values[name];
	return typeof v === 'string' ? v : undefined;
}
