import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/audio';
import { openStore, seedRecording, seedTranscript } from '../helpers/files';
import { encode } from '../helpers/media';
import { startLocalHub } from '../helpers/local-hub';
import { ROOT, TEST_MODEL, TEST_MODELS_DIR, tempDir } from '../helpers/server';

/*
 * The `meetingscribe` command as users run it: `node bin/meetingscribe.js …` in a child process,
 * with a fresh DATA_DIR and the generated test model, reading its exit code, stdout and stderr.
 */

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

let dataDir: string;
let work: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
	return new Promise((resolve) => {
		const proc = spawn(process.execPath, ['bin/meetingscribe.js', ...args], {
			cwd: ROOT,
			env: {
				...process.env,
				MODELS_DIR: TEST_MODELS_DIR,
				DATA_DIR: dataDir,
				...env,
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		proc.on('exit', (code) => resolve({ code, stdout, stderr }));
	});
}

/** What the tests read of the CLI's JSON output (`--json`, and the `json` export format). */
interface TranscriptJson {
	segments: { start: number; words?: unknown[] }[];
	duration: number;
}
interface ApiKeyJson {
	id: string;
	prefix: string;
	revoked_at: string | null;
}
interface KeyListJson {
	keys: ApiKeyJson[];
}
interface DoctorJson {
	ok: boolean;
	checks: { name: string; status: string; message: string; fix?: string }[];
}

/** The CLI's own stderr lines (onnxruntime's native device probing may print around them). */
const cliLines = (stderr: string) =>
	stderr.split('\n').filter((l) => l.startsWith('meetingscribe:'));

/** A failure is exactly one line on stderr, and never a stack trace. */
function expectOneLineError(run: Run, code: number, pattern: RegExp) {
	expect(run.code).toBe(code);
	expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
	expect(run.stderr).toMatch(pattern);
	expect(run.stderr).not.toMatch(/\n\s+at /);
	expect(run.stdout).toBe('');
}

beforeAll(() => {
	dataDir = tempDir('meetingscribe-cli-data-');
	work = tempDir('meetingscribe-cli-work-');
	fs.copyFileSync(path.join(FIXTURES, 'speech.wav'), path.join(work, 'speech.wav'));
	fs.copyFileSync(path.join(FIXTURES, 'speech.wav'), path.join(work, 'talk.wav'));
	encode(path.join(work, 'talk.wav'), 'mp3');
	fs.rmSync(path.join(work, 'talk.wav'));
});
afterAll(() => {
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.rmSync(work, { recursive: true, force: true });
});

describe('help and usage', () => {
	it('--help lists every command and exits 0', async () => {
		const run = await cli(['--help']);
		expect(run.code).toBe(0);
		for (const command of [
			'serve',
			'transcribe <files...>',
			'models list',
			'models pull <id>',
			'models info <id>',
			'models remove <id>',
			'recordings list',
			'transcripts list',
			'export <transcript-id>',
			'keys create',
			'keys list',
			'keys revoke <id>',
			'doctor',
		]) {
			expect(run.stdout).toContain(`  ${command}  `);
		}
	});

	it('each command has its own help', async () => {
		const run = await cli(['transcribe', '--help']);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^Usage: meetingscribe transcribe <files\.\.\.> \[options\]/);
		for (const flag of [
			'--model',
			'--language',
			'--task',
			'--format',
			'--out',
			'--word-timestamps',
			'--prompt',
		]) {
			expect(run.stdout).toContain(flag);
		}
		expect((await cli(['models', '--help'])).stdout).toContain('meetingscribe models pull <id>');
	});

	it('--version prints the version', async () => {
		const run = await cli(['--version']);
		expect(run).toMatchObject({ code: 0, stderr: '' });
		expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
	});

	it('usage errors exit 2 with one line', async () => {
		expectOneLineError(
			await cli(['transcribe', '--bogus', 'x.wav']),
			2,
			/unknown option '--bogus'/,
		);
		expectOneLineError(await cli(['frobnicate']), 2, /unknown command 'frobnicate'/);
		expectOneLineError(await cli([]), 2, /missing command/);
		expectOneLineError(await cli(['models']), 2, /missing subcommand/);
		expectOneLineError(await cli(['models', 'pull']), 2, /missing argument <id>/);
		expectOneLineError(await cli(['keys', 'revoke', 'a', 'b']), 2, /unexpected argument 'b'/);
		expectOneLineError(await cli(['transcribe']), 2, /missing argument <files\.\.\.>/);
		expectOneLineError(await cli(['transcribe', '--out']), 2, /--out/);
		expectOneLineError(
			await cli(['transcribe', 'a.wav', '--format', 'txt,pdf']),
			2,
			/unknown format 'pdf' \(use txt, srt, vtt, json, tsv, md, docx, rttm\)/,
		);
		expectOneLineError(await cli(['transcribe', 'a.wav', '--task', 'summarise']), 2, /--task/);
		expectOneLineError(
			await cli(['transcribe', 'a.wav', '--temperature', '3']),
			2,
			/--temperature/,
		);
		expectOneLineError(await cli(['export', 'abc']), 2, /missing --format/);
	});
});

describe('transcribe', () => {
	it('transcribes a WAV and an mp3 into every format, with progress on stderr', async () => {
		const out = path.join(work, 'out');
		const inputs = [path.join(work, 'speech.wav'), path.join(work, 'talk.mp3')];
		const run = await cli([
			'transcribe',
			...inputs,
			'--model',
			TEST_MODEL,
			'--format',
			'txt,srt,vtt,json,tsv,md,docx',
			'--out',
			out,
			'--word-timestamps',
		]);
		expect(run.code, run.stderr).toBe(0);
		// Not a terminal: plain progress lines, one per step, ending at 100%.
		expect(run.stderr).toMatch(/^speech\.wav: 100% \(2\.4\/2\.4 s\)$/m);
		expect(run.stderr).toMatch(/^talk\.mp3: 100% \(\d\.\d\/\d\.\d s\)$/m);
		expect(cliLines(run.stderr)).toEqual([]);

		for (const stem of ['speech', 'talk']) {
			const file = (ext: string) => path.join(out, `${stem}.${ext}`);
			const input = inputs.find((i) => path.parse(i).name === stem)!;
			for (const ext of ['txt', 'srt', 'vtt', 'json', 'tsv', 'md', 'docx']) {
				expect(fs.existsSync(file(ext)), file(ext)).toBe(true);
				expect(run.stdout).toContain(`${input} → ${file(ext)}`);
			}
			const json = JSON.parse(fs.readFileSync(file('json'), 'utf8')) as TranscriptJson;
			expect(json.segments.length).toBeGreaterThan(0);
			expect(json.segments[0]).toHaveProperty('start');
			expect(json.segments[0]!.words?.length).toBeGreaterThan(0);
			expect(json.duration).toBeCloseTo(2.4, 0);
			expect(fs.readFileSync(file('srt'), 'utf8')).toMatch(
				/^1\r?\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\r?\n\S/,
			);
			expect(fs.readFileSync(file('vtt'), 'utf8')).toMatch(/^WEBVTT[\s\S]*\d{2}:\d{2}\.\d{3} --> /);
			expect(fs.readFileSync(file('tsv'), 'utf8').split('\n')[0]).toMatch(/^start\tend\t/);
			expect(fs.readFileSync(file('txt'), 'utf8').trim()).not.toBe('');
			expect(fs.readFileSync(file('md'), 'utf8')).toMatch(/^# /);
			const zip = await JSZip.loadAsync(fs.readFileSync(file('docx')));
			expect(await zip.file('word/document.xml')?.async('string')).toContain('<w:body>');
		}
		// Written under a temporary name first: none is left behind.
		expect(fs.readdirSync(out).filter((f) => f.endsWith('.part'))).toEqual([]);
	});

	it('writes next to the input by default, and --json says what was written', async () => {
		const input = path.join(work, 'speech.wav');
		const run = await cli(['transcribe', input, '--model', TEST_MODEL, '--json']);
		expect(run.code, run.stderr).toBe(0);
		const result = JSON.parse(run.stdout) as { failed: unknown[]; transcribed: unknown[] };
		expect(result.failed).toEqual([]);
		expect(result.transcribed).toEqual([
			expect.objectContaining({ input, outputs: [path.join(work, 'speech.txt')] }),
		]);
		expect(fs.readFileSync(path.join(work, 'speech.txt'), 'utf8').length).toBeGreaterThan(0);
	});

	it('a missing file: exit 1, one line', async () => {
		expectOneLineError(
			await cli(['transcribe', path.join(work, 'nope.wav'), '--model', TEST_MODEL]),
			1,
			/^meetingscribe: cannot read '.*nope\.wav': no such file\n$/,
		);
	});

	it('an unknown model: exit 1, the MODEL_UNAVAILABLE message with the folder, and no pull that cannot work', async () => {
		const run = await cli([
			'transcribe',
			path.join(work, 'speech.wav'),
			'--model',
			'no-such-model',
		]);
		expectOneLineError(run, 1, /Model 'no-such-model' is not available/);
		expect(run.stderr).toContain(path.join(TEST_MODELS_DIR, 'no-such-model'));
		expect(run.stderr).toContain('not in the catalogue');
		expect(run.stderr).not.toContain('models pull');
	});

	it('a file that is not audio fails alone; the others are still written', async () => {
		const bad = path.join(work, 'notes.mp3');
		fs.writeFileSync(bad, 'this is not audio at all\n'.repeat(50));
		const out = path.join(work, 'mixed');
		const run = await cli([
			'transcribe',
			bad,
			path.join(work, 'speech.wav'),
			'--model',
			TEST_MODEL,
			'--out',
			out,
		]);
		expect(run.code).toBe(1);
		expect(cliLines(run.stderr)).toEqual([
			expect.stringMatching(/^meetingscribe: .*notes\.mp3: Unsupported or corrupt media: /),
		]);
		expect(fs.readdirSync(out)).toEqual(['speech.txt']);
	});

	it('refuses two inputs that would write the same file', async () => {
		const other = path.join(work, 'again');
		fs.mkdirSync(other, { recursive: true });
		fs.copyFileSync(path.join(work, 'speech.wav'), path.join(other, 'speech.wav'));
		expectOneLineError(
			await cli([
				'transcribe',
				path.join(work, 'speech.wav'),
				path.join(other, 'speech.wav'),
				'--out',
				path.join(work, 'same'),
			]),
			2,
			/would both write .*speech\.txt/,
		);
	});
});

describe('models', () => {
	it('list --json: the installed test model and the downloadable family', async () => {
		const run = await cli(['models', 'list', '--json']);
		expect(run.code).toBe(0);
		const body = JSON.parse(run.stdout) as {
			local_models: unknown[];
			downloadable_models: unknown[];
		};
		expect(body).toMatchObject({
			models_dir: TEST_MODELS_DIR,
			remote_downloads: true,
			downloads_mode: 'catalog',
		});
		expect(body.local_models).toEqual([
			expect.objectContaining({
				id: TEST_MODEL,
				family: 'whisper',
				dtypes: expect.arrayContaining(['q8']) as unknown,
			}),
		]);
		expect(body.local_models[0]).not.toHaveProperty('dir');
		expect(body.downloadable_models).toContainEqual(
			expect.objectContaining({
				name: 'base',
				hub_id: 'onnx-community/whisper-base',
				installed: false,
			}),
		);
	});

	it('info: an installed model, a known one, and an unknown one', async () => {
		const installed = JSON.parse((await cli(['models', 'info', TEST_MODEL, '--json'])).stdout) as {
			installed: unknown;
		};
		expect(installed.installed).toMatchObject({ id: TEST_MODEL, default_dtype: 'q8' });
		const known: unknown = JSON.parse((await cli(['models', 'info', 'small.en', '--json'])).stdout);
		expect(known).toMatchObject({
			installed: null,
			catalog: { hub_id: 'onnx-community/whisper-small.en', english_only: true },
		});
		expectOneLineError(await cli(['models', 'info', 'no-such-model']), 1, /not available/);
	});

	it('pull with MODEL_DOWNLOADS=off: refused, naming the folder to fill, no loop', async () => {
		const run = await cli(['models', 'pull', 'base'], { MODEL_DOWNLOADS: 'off' });
		expectOneLineError(run, 1, /Downloads are off on this server \(MODEL_DOWNLOADS=off\)/);
		expect(run.stderr).toContain(path.join(TEST_MODELS_DIR, 'onnx-community', 'whisper-base'));
		expect(run.stderr).not.toContain('models pull');
		expectOneLineError(
			await cli(['models', 'pull', 'base', '--dtype', 'q7']),
			2,
			/unknown dtype 'q7'/,
		);
	});

	it('pull with the hub out of reach: one sentence naming the folder', async () => {
		const run = await cli(['models', 'pull', 'base'], {
			MODELS_DIR: tempDir('meetingscribe-cli-models-'),
			HF_ENDPOINT: 'http://127.0.0.1:9',
		});
		expectOneLineError(
			run,
			1,
			/cannot be reached.*copy the model's files into .*whisper-base by hand/,
		);
	});

	it('pull downloads from the hub with a progress line and installs the model', async () => {
		const hub = await startLocalHub();
		const models = tempDir('meetingscribe-cli-models-');
		try {
			const run = await cli(['models', 'pull', 'tiny'], {
				MODELS_DIR: models,
				HF_ENDPOINT: hub.url,
			});
			expect(run.code, run.stderr).toBe(0);
			expect(run.stderr).toMatch(/onnx-community\/whisper-tiny: 100%/);
			expect(run.stdout).toContain(
				`Installed onnx-community/whisper-tiny in ${path.join(models, 'onnx-community', 'whisper-tiny')}`,
			);
			const list = JSON.parse(
				(await cli(['models', 'list', '--json'], { MODELS_DIR: models })).stdout,
			) as { local_models: { id: string }[] };
			expect(list.local_models.map((m) => m.id)).toEqual(['onnx-community/whisper-tiny']);
		} finally {
			await hub.close();
		}
	});

	it('pull of an installed model downloads nothing', async () => {
		const run = await cli(['models', 'pull', TEST_MODEL]);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('already installed');
	});

	it('remove deletes a model folder inside MODELS_DIR, by id only', async () => {
		const models = tempDir('meetingscribe-cli-models-');
		fs.cpSync(path.join(TEST_MODELS_DIR, TEST_MODEL), path.join(models, 'org', 'copy'), {
			recursive: true,
		});
		const env = { MODELS_DIR: models };
		for (const id of ['../whisper-test', '/etc', 'org/../org/copy', '.hidden']) {
			expectOneLineError(await cli(['models', 'remove', id], env), 2, /is not a model id/);
		}
		expectOneLineError(
			await cli(['models', 'remove', 'missing'], env),
			1,
			/no installed model 'missing'/,
		);
		const run = await cli(['models', 'remove', 'org/copy', '--json'], env);
		expect(run.code, run.stderr).toBe(0);
		expect(JSON.parse(run.stdout)).toMatchObject({ removed: 'org/copy' });
		expect(fs.readdirSync(models)).toEqual([]);
		fs.rmSync(models, { recursive: true, force: true });
	});
});

describe('library', () => {
	let transcriptId: string;

	beforeAll(() => {
		const store = openStore(dataDir);
		const recording = seedRecording(store, { filename: 'Weekly sync.wav', seconds: 2 });
		transcriptId = seedTranscript(store, recording.id).id;
		store.close();
	});

	it('recordings list --json and transcripts list --json', async () => {
		const recordings = JSON.parse((await cli(['recordings', 'list', '--json'])).stdout) as {
			total_count: number;
			recordings: unknown[];
		};
		expect(recordings.total_count).toBe(1);
		expect(recordings.recordings[0]).toMatchObject({
			filename: 'Weekly sync.wav',
			duration_seconds: 2,
		});
		const transcripts = JSON.parse((await cli(['transcripts', 'list', '--json'])).stdout) as {
			total_count: number;
			transcriptions: unknown[];
		};
		expect(transcripts.total_count).toBe(1);
		expect(transcripts.transcriptions[0]).toMatchObject({
			id: transcriptId,
			filename: 'Weekly sync.json',
		});
		const table = await cli(['transcripts', 'list']);
		expect(table.stdout).toMatch(new RegExp(`^${transcriptId}\\s`, 'm'));
	});

	it('export writes the asked formats into --out, named after the transcript', async () => {
		const out = path.join(work, 'exports');
		const run = await cli(['export', transcriptId, '--format', 'srt,docx', '--out', out]);
		expect(run.code, run.stderr).toBe(0);
		expect(fs.readdirSync(out).sort()).toEqual(['Weekly sync.docx', 'Weekly sync.srt']);
		expect(run.stdout.trim().split('\n')).toEqual([
			path.join(out, 'Weekly sync.srt'),
			path.join(out, 'Weekly sync.docx'),
		]);
		expect(fs.readFileSync(path.join(out, 'Weekly sync.srt'), 'utf8')).toContain('Good morning');
	});

	it('export of an unknown or malformed id', async () => {
		expectOneLineError(
			await cli(['export', 'abc', '--format', 'txt']),
			1,
			/Transcription 'abc' not found/,
		);
		expectOneLineError(await cli(['export', '../x', '--format', 'txt']), 2, /transcript id/);
	});

	it('export takes any unique start of the id, and lists the candidates of an ambiguous one', async () => {
		const out = path.join(work, 'by-prefix');
		const run = await cli(['export', transcriptId.slice(0, 6), '--format', 'txt', '--out', out]);
		expect(run.code, run.stderr).toBe(0);
		expect(fs.readdirSync(out)).toEqual(['Weekly sync.txt']);

		const store = openStore(dataDir);
		const recording = seedRecording(store, { filename: 'Twin.wav' });
		const twins = ['abc12300-0000-4000-8000-000000000001', 'abc12300-0000-4000-8000-000000000002'];
		for (const id of twins) {
			const t = seedTranscript(store, recording.id);
			store.repos.transcripts.insert({ ...t, id }, store.repos.transcripts.segments(t.id));
		}
		store.close();
		const ambiguous = await cli(['export', 'abc123', '--format', 'txt', '--out', out]);
		expectOneLineError(ambiguous, 1, /'abc123' matches several transcripts/);
		for (const id of twins) expect(ambiguous.stderr).toContain(id);
		const exact = await cli([
			'export',
			'ABC12300-0000-4000-8000-000000000002',
			'--format',
			'md',
			'--out',
			out,
		]);
		expect(exact.code, exact.stderr).toBe(0);
	});
});

describe('transcribe --save', () => {
	it('stores the audio and its transcript in the library, as an upload', async () => {
		const folder = path.join(work, 'save');
		fs.mkdirSync(folder);
		const input = path.join(folder, 'speech.wav');
		fs.copyFileSync(path.join(FIXTURES, 'speech.wav'), input);
		const run = await cli(['transcribe', input, '--model', TEST_MODEL, '--save', '--json']);
		expect(run.code, run.stderr).toBe(0);
		const { transcribed } = JSON.parse(run.stdout) as {
			transcribed: { recording_id: string; transcription_id: string }[];
		};
		expect(transcribed[0]).toMatchObject({ input, outputs: [] });
		const { recording_id, transcription_id } = transcribed[0]!;

		const store = openStore(dataDir);
		const recording = store.repos.recordings.get(recording_id);
		expect(recording).toMatchObject({ source: 'upload', filename: 'speech.wav', title: 'speech' });
		expect(fs.existsSync(path.join(dataDir, recording!.relPath))).toBe(true);
		expect(store.repos.transcripts.get(transcription_id)).toMatchObject({
			audioFileId: recording_id,
			modelUsed: TEST_MODEL,
		});
		expect(store.repos.transcripts.segments(transcription_id).length).toBeGreaterThan(0);
		store.close();
		// Nothing was written next to the input: --save without --format writes no files.
		expect(fs.readdirSync(folder)).toEqual(['speech.wav']);
	});
});

describe('keys', () => {
	it('create → list shows the prefix, never the key → revoke → list shows it revoked', async () => {
		const created = await cli(['keys', 'create', '--name', 'ci', '--json']);
		expect(created.code, created.stderr).toBe(0);
		const { api_key: key, secret } = JSON.parse(created.stdout) as {
			api_key: ApiKeyJson;
			secret: string;
		};
		expect(secret).toMatch(/^ms_[A-Za-z0-9_-]{40,}$/);
		expect(key).toMatchObject({ name: 'ci', prefix: secret.slice(0, 11), revoked_at: null });

		const listed = await cli(['keys', 'list', '--json']);
		expect(listed.stdout).not.toContain(secret);
		expect((JSON.parse(listed.stdout) as KeyListJson).keys).toContainEqual(
			expect.objectContaining({ id: key.id, prefix: key.prefix }),
		);
		expect((await cli(['keys', 'list'])).stdout).not.toContain(secret);

		const revoked = await cli(['keys', 'revoke', key.id]);
		expect(revoked.code, revoked.stderr).toBe(0);
		const after = JSON.parse((await cli(['keys', 'list', '--json'])).stdout) as KeyListJson;
		expect(after.keys.find((k: { id: string }) => k.id === key.id)!.revoked_at).toEqual(
			expect.any(String),
		);
	});

	it('a human create prints the key alone on stdout', async () => {
		const run = await cli(['keys', 'create']);
		expect(run.code).toBe(0);
		expect(run.stdout.trim()).toMatch(/^ms_\S+$/);
		expect(run.stderr).toContain('not shown again');
	});

	it('revoking an unknown or malformed id fails with one line', async () => {
		expectOneLineError(await cli(['keys', 'revoke', 'nope']), 1, /API key 'nope' not found/);
		expectOneLineError(await cli(['keys', 'revoke', '../etc']), 1, /Invalid key id/);
		expectOneLineError(await cli(['keys', 'create', '--name', '']), 2, /--name/);
	});
});

describe('doctor', () => {
	const NAMES = ['node', 'ffmpeg', 'models', 'device', 'disk', 'database'];

	it('--json reports every check; all pass with an installed model', async () => {
		const run = await cli(['doctor', '--json'], { WHISPER_MODEL: TEST_MODEL });
		expect(run.code, run.stdout).toBe(0);
		const report = JSON.parse(run.stdout) as DoctorJson;
		expect(report.ok).toBe(true);
		expect(report.checks.map((c: { name: string }) => c.name)).toEqual(NAMES);
		for (const check of report.checks) {
			expect(['ok', 'warn']).toContain(check.status);
			expect(check.message).toEqual(expect.any(String));
		}
		expect(report.checks.find((c: { name: string }) => c.name === 'database')!.message).toMatch(
			/integrity ok/,
		);
	});

	it('a missing model fails, says how to fix it, and exits 1', async () => {
		const run = await cli(['doctor'], { WHISPER_MODEL: 'large-v3', DATA_DIR: tempDir() });
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(/^FAIL\s+models\s+whisper_model 'large-v3' is not available/m);
		expect(run.stdout).toMatch(/fix: Run `npx meetingscribe models pull large-v3`/);
		expect(run.stdout).toMatch(/^OK\s+node\s/m);
	});

	it('with downloads off, suggests the folder to fill and never a pull', async () => {
		const run = await cli(['doctor'], {
			WHISPER_MODEL: 'large-v3',
			MODEL_DOWNLOADS: 'off',
			DATA_DIR: tempDir(),
		});
		expect(run.code).toBe(1);
		expect(run.stdout).toContain(
			`fix: Copy the model's files into ${path.join(TEST_MODELS_DIR, 'onnx-community', 'whisper-large-v3')}`,
		);
		expect(run.stdout).not.toMatch(/models pull/);
	});

	it('a damaged database fails the database check', async () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'meetingscribe.db'), 'not a database, just bytes '.repeat(200));
		const run = await cli(['doctor', '--json'], { DATA_DIR: dir, WHISPER_MODEL: TEST_MODEL });
		expect(run.code).toBe(1);
		const database = (JSON.parse(run.stdout) as DoctorJson).checks.find(
			(c: { name: string }) => c.name === 'database',
		);
		expect(database).toMatchObject({
			status: 'fail',
			fix: expect.stringContaining('backup') as unknown,
		});
	});
});

describe('serve', () => {
	it('runs the server until SIGTERM, which stops it cleanly', { timeout: 300_000 }, async () => {
		const proc = spawn(
			process.execPath,
			// The suite runs against the build made before it: no rebuild under the other tests' feet.
			['bin/meetingscribe.js', 'serve', '--port', '0', '--host', '127.0.0.1', '--no-build'],
			{
				cwd: ROOT,
				env: { ...process.env, MODELS_DIR: TEST_MODELS_DIR, DATA_DIR: tempDir() },
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let output = '';
		proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
		proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
		const exited = new Promise<number | null>((resolve) =>
			proc.on('exit', (code) => resolve(code)),
		);
		const url = await new Promise<string>((resolve, reject) => {
			proc.stdout.on('data', () => {
				const m = /is running at (http:\/\/\S+)/.exec(output);
				if (m?.[1]) resolve(m[1]);
			});
			void exited.then((code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
		});
		const res = await fetch(`${url}/api/v1/system/health`);
		expect(res.status).toBe(200);
		proc.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(output).toContain('stopped cleanly');
	});
});
