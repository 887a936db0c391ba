import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authArea, keysArea } from '../../src/lib/contracts/openapi/auth';
import type { RunningServer } from '../helpers/server';
import { api, contractServer, ExampleRunner, KEY } from './harness';

let server: RunningServer;
const keys = new ExampleRunner(() => server, keysArea);
const auth = new ExampleRunner(() => server, authArea);

beforeAll(async () => {
	server = await contractServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('API keys and sign-in: documented examples against the server', () => {
	it('lists, creates and revokes keys', async () => {
		await keys.run('listApiKeys');
		const [created] = await keys.run('createApiKey');
		expect((created?.body as { secret: string }).secret).toMatch(/^ms_/);
		const other = (await api(server, '/api/v1/system/keys', 'POST', { name: 'to revoke' }))
			.body as { api_key: { id: string } };
		await keys.run('revokeApiKey', { key_id: other.api_key.id });
	});

	it('signs a browser in and out, and says who is asking', async () => {
		await auth.run('login', { api_key: KEY });
		await auth.run('logout');
		await auth.run('getSession');
	});

	it('ran every operation of both areas', () => {
		expect([...keys.notRun(), ...auth.notRun()]).toEqual([]);
	});
});
