import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import {
	pongSchema,
	SOCKET_PATH,
	systemHealthEventSchema,
	welcomeSchema,
} from '../../src/lib/contracts/events';
import { next } from '../helpers/capture';
import { runServerToExit, startServer } from '../helpers/server';

describe('Socket.IO on the same port', () => {
	it('accepts a client on each namespace at /api/v1/ws, and rejects unknown ones', async () => {
		const server = await startServer();
		try {
			for (const nsp of ['/recording', '/transcription', '/system']) {
				const socket = connect(server.url + nsp, { path: SOCKET_PATH, transports: ['websocket'] });
				const welcome = welcomeSchema.parse(await next(socket, 'welcome'));
				expect(welcome.namespace).toBe(nsp);
				socket.close();
			}
			const stray = connect(server.url + '/nope', { path: SOCKET_PATH, transports: ['websocket'] });
			const err = await next<Error>(stray, 'connect_error');
			expect(err.message).toMatch(/Invalid namespace/);
			stray.close();
		} finally {
			await server.stop();
		}
	});

	it('the /system namespace pushes system_health every ~5 s, with the activity counts', async () => {
		const server = await startServer();
		try {
			const start = await fetch(server.url + '/api/v1/audio/record', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
			});
			expect(start.status).toBe(200);
			const socket = connect(server.url + '/system', {
				path: SOCKET_PATH,
				transports: ['websocket'],
			});
			const health = systemHealthEventSchema.parse(
				await next(socket, 'system_health', undefined, 8000),
			);
			expect(health.status).toBe('healthy');
			expect(health.checks.length).toBeGreaterThan(0);
			expect(health.active_recordings).toBe(1);
			expect(health.active_transcriptions).toBe(0);
			socket.close();
		} finally {
			await server.stop();
		}
	});

	it("answers a client's ping on /system with pong", async () => {
		const server = await startServer();
		try {
			const socket = connect(server.url + '/system', {
				path: SOCKET_PATH,
				transports: ['websocket'],
			});
			await next(socket, 'welcome');
			const pong = next(socket, 'pong');
			socket.emit('ping');
			expect(Date.parse(pongSchema.parse(await pong).timestamp)).toBeGreaterThan(0);
			socket.close();
		} finally {
			await server.stop();
		}
	});
});

describe('lifecycle', () => {
	it('stops cleanly on SIGTERM with connected clients, leaving a consistent database', async () => {
		const server = await startServer();
		const socket = connect(server.url + '/recording', {
			path: SOCKET_PATH,
			transports: ['websocket'],
		});
		await next(socket, 'welcome');
		const put = await fetch(server.url + '/api/v1/system/config', {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ local_speaker_name: 'Ada' }),
		});
		expect(put.status).toBe(200);
		const disconnected = next(socket, 'disconnect');

		expect(await server.stop('SIGTERM')).toBe(0);
		await disconnected;
		socket.close();
		expect(server.output()).toContain('stopped cleanly');

		const dbFile = path.join(server.dataDir, 'meetingscribe.db');
		const walFile = `${dbFile}-wal`;
		expect(!fs.existsSync(walFile) || fs.statSync(walFile).size === 0).toBe(true);
		const db = new Database(dbFile, { readonly: true });
		expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
		const row = db
			.prepare("SELECT value_json FROM settings WHERE key = 'local_speaker_name'")
			.get() as { value_json: string } | undefined;
		expect(row?.value_json).toBe('"Ada"');
		db.close();

		// The same data folder starts again with the setting kept and no migration re-run.
		const again = await startServer({ DATA_DIR: server.dataDir });
		const cfg = (await (await fetch(again.url + '/api/v1/system/config')).json()) as Record<
			string,
			unknown
		>;
		expect(cfg.local_speaker_name).toBe('Ada');
		expect(again.output()).not.toContain('database schema migrated');
		expect(await again.stop('SIGINT')).toBe(0);
	});

	it('refuses to start on a bad setting, naming the variable', async () => {
		const { code, output } = await runServerToExit({ PORT: 'eighty' });
		expect(code).toBe(1);
		expect(output).toMatch(/PORT="eighty"/);
		const level = await runServerToExit({ LOG_LEVEL: 'loud' });
		expect(level.code).toBe(1);
		expect(level.output).toMatch(/LOG_LEVEL/);
	});
});
