#!/usr/bin/env node
// Part of `npm start`: builds the app when the build is missing or older than the sources, so
// the quick start stays `npm install && npm start`. The server itself is started by npm
// afterwards, so that signals reach it directly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'build', 'handler.js');

function newestMtime(dir) {
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'].map((p) =>
	path.join(root, p),
);
const sourceTime = Math.max(
	...sources.map((p) => (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)),
);
const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < sourceTime;

const run = (args) => {
	const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
	if (r.signal) process.kill(process.pid, r.signal);
	if (r.status !== 0) process.exit(r.status ?? 1);
};

if (stale) {
	console.log('Building MeetingScribe (first start or sources changed)…');
	run([path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
}
