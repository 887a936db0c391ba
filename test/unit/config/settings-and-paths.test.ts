import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsService } from '../../../src/lib/server/infra/config/settings';
import { openDatabase } from '../../../src/lib/server/infra/db/connection';
import { createSqliteRepositories } from '../../../src/lib/server/infra/db/repositories/sqlite';
import { DomainError } from '../../../src/lib/server/infra/errors';
import { assertSafeId, DataDir } from '../../../src/lib/server/infra/storage/data-dir';
import { tempDir } from '../../helpers/server';

describe('SettingsService', () => {
	const repos = () => createSqliteRepositories(openDatabase(':memory:').db);

	it('starts from defaults and reports only real changes', () => {
		const s = new SettingsService(repos().settings);
		expect(s.get().whisper_model).toBe('base');
		const change = s.update({ whisper_model: 'small', audio_sample_rate: 16000 });
		expect(change.changes_applied).toEqual(['whisper_model']);
		expect(change.old_config.whisper_model).toBe('base');
		expect(change.new_config.whisper_model).toBe('small');
	});

	it('persists across instances and ignores stored values that no longer validate', () => {
		const r = repos();
		new SettingsService(r.settings).update({ audio_channels: 1 });
		r.settings.setMany({ audio_sample_rate: 'garbage' });
		const s = new SettingsService(r.settings);
		expect(s.get().audio_channels).toBe(1);
		expect(s.get().audio_sample_rate).toBe(16000);
	});

	it('rejects bad values with field errors and changes nothing', () => {
		const s = new SettingsService(repos().settings);
		let err: unknown;
		try {
			s.update({ audio_sample_rate: 4000, log_level: 'loud', nonsense: 1 });
		} catch (e) {
			err = e;
		}
		expect((err as DomainError).code).toBe('VALIDATION_ERROR');
		const fields = ((err as DomainError).details?.fields as { path: string }[]).map((f) => f.path);
		expect(fields).toEqual(expect.arrayContaining(['audio_sample_rate', 'log_level']));
		expect(s.get().audio_sample_rate).toBe(16000);
	});

	it('changes only the settings a body names', () => {
		const s = new SettingsService(repos().settings, { whisper_model: 'small', log_level: 'warn' });
		const change = s.update({ local_speaker_name: 'Ada' });
		expect(change.changes_applied).toEqual(['local_speaker_name']);
		expect(s.get()).toMatchObject({
			whisper_model: 'small',
			log_level: 'warn',
			local_speaker_name: 'Ada',
		});
	});

	it('tells listeners what changed', () => {
		const s = new SettingsService(repos().settings);
		const seen: string[][] = [];
		s.onChange((_c, changed) => seen.push(changed));
		s.update({ log_level: 'debug' });
		s.update({ log_level: 'debug' });
		expect(seen).toEqual([['log_level']]);
	});
});

describe('DataDir', () => {
	const dir = new DataDir(tempDir());

	it('resolves names inside their area', () => {
		expect(dir.resolve('exports', 'a.srt')).toBe(path.join(dir.root, 'exports', 'a.srt'));
		expect(dir.fromRelative('recordings/x.wav')).toBe(path.join(dir.root, 'recordings', 'x.wav'));
	});

	it('refuses anything that escapes', () => {
		for (const bad of ['../meetingscribe.db', '../../etc/passwd', '/etc/passwd', '']) {
			expect(() => dir.resolve('recordings', bad)).toThrow(DomainError);
		}
		for (const bad of ['etc/passwd', 'recordings', 'recordings/../../x', '../recordings/x']) {
			expect(() => dir.fromRelative(bad)).toThrow(DomainError);
		}
	});

	it('accepts only server-made ids', () => {
		expect(assertSafeId('3f2a-b_9')).toBe('3f2a-b_9');
		for (const bad of ['../x', 'a/b', 'a b', '', 'x'.repeat(65), '%2e%2e']) {
			expect(() => assertSafeId(bad)).toThrow(DomainError);
		}
	});
});
