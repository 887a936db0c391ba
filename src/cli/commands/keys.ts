import { createApiKeyRequestSchema } from '../../lib/contracts/auth';
import { stringOption, UsageError, type Command } from '../command';
import { shortDate } from '../output';

const create: Command = {
	name: 'keys create',
	summary: 'Create an API key (shown once; only its hash is stored)',
	options: {
		name: {
			type: 'string',
			value: 'NAME',
			description: "What the key is for (default: 'Command line')",
		},
		scope: {
			type: 'string',
			value: 'SCOPE',
			description: 'full (default: the whole API) or worker (only for `meetingscribe worker`)',
		},
	},
	run({ values, out, context }) {
		const scope = stringOption(values, 'scope') ?? 'full';
		if (scope !== 'full' && scope !== 'worker') {
			throw new UsageError(`--scope: use full or worker, not '${scope}'`, 'keys create');
		}
		const body = createApiKeyRequestSchema.safeParse({
			name: stringOption(values, 'name') ?? 'Command line',
		});
		if (!body.success)
			throw new UsageError(`--name: ${body.error.issues[0]!.message}`, 'keys create');
		const { apiKey, secret } = context().security.apiKeys.create(body.data.name, scope);
		out.result({ api_key: apiKey, secret }, () => {
			out.note(
				`Created ${scope === 'worker' ? 'worker key (set it as MEETINGSCRIBE_WORKER_KEY)' : 'API key'} '${apiKey.name}' (id ${apiKey.id}). Copy it now: it is not shown again.`,
			);
			out.line(secret);
		});
	},
};

const list: Command = {
	name: 'keys list',
	summary: 'List API keys by prefix (the keys themselves are never stored)',
	run({ out, context }) {
		const keys = context().security.apiKeys.list();
		out.result({ keys, total_count: keys.length }, () => {
			if (!keys.length)
				return out.line("No API keys (create one with 'meetingscribe keys create')");
			out.table(
				['ID', 'PREFIX', 'SCOPE', 'CREATED', 'LAST USED', 'STATUS', 'NAME'],
				keys.map((k) => [
					k.id,
					k.prefix,
					k.scope,
					shortDate(k.created_at),
					shortDate(k.last_used_at),
					k.revoked_at ? `revoked ${shortDate(k.revoked_at)}` : 'active',
					k.name,
				]),
			);
		});
	},
};

const revoke: Command = {
	name: 'keys revoke',
	args: '<id>',
	summary: 'Revoke an API key: it stops working on its next use',
	positionals: { min: 1, max: 1 },
	run({ positionals, out, context }) {
		const key = context().security.apiKeys.revoke(positionals[0]!);
		out.result({ api_key: key }, () =>
			out.line(`Revoked API key ${key.prefix}… ('${key.name}', id ${key.id})`),
		);
	},
};

export const keysCommands: Command[] = [create, list, revoke];
