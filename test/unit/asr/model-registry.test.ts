import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toLanguageCode } from '../../../src/lib/contracts/languages';
import { findKnownModel } from '../../../src/lib/server/asr/catalog';
import { parseDtypeSetting } from '../../../src/lib/server/asr/dtype-setting';
import { chooseDtype, listLocalModels, resolveModel } from '../../../src/lib/server/asr/registry';
import { DomainError } from '../../../src/lib/server/infra/errors';
import { tempDir } from '../../helpers/server';

/** Lays out a model folder the way transformers.js expects (file contents do not matter here). */
function fakeModelFolder(root: string, id: string, dtypes: string[], dModel = 512) {
	const dir = path.join(root, id);
	fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'config.json'),
		JSON.stringify({ model_type: 'whisper', d_model: dModel, num_mel_bins: 80 }),
	);
	fs.writeFileSync(
		path.join(dir, 'generation_config.json'),
		JSON.stringify({ is_multilingual: true }),
	);
	for (const f of ['preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json']) {
		fs.writeFileSync(path.join(dir, f), '{}');
	}
	for (const suffix of dtypes) {
		for (const sub of ['encoder_model', 'decoder_model_merged']) {
			fs.writeFileSync(path.join(dir, 'onnx', `${sub}${suffix}.onnx`), 'x'.repeat(100));
		}
	}
	return dir;
}

describe('model registry', () => {
	it('lists complete local models with size, dtypes and bytes, flat and org/name', () => {
		const root = tempDir();
		fakeModelFolder(root, 'my-whisper', ['', '_quantized'], 384);
		fakeModelFolder(root, 'onnx-community/whisper-base', ['_quantized']);
		fs.mkdirSync(path.join(root, 'not-a-model'));
		const models = listLocalModels(root);
		expect(models.map((m) => m.id)).toEqual(['my-whisper', 'onnx-community/whisper-base']);
		expect(models[0]).toMatchObject({ size: 'tiny', dtypes: ['fp32', 'q8'], family: 'whisper' });
		expect(models[0]!.bytes).toBeGreaterThan(400);
	});

	it('lists models linked into the folder, at either level, and skips dangling links', () => {
		const elsewhere = tempDir();
		fakeModelFolder(elsewhere, 'shared-whisper', ['_quantized']);
		fakeModelFolder(elsewhere, 'org/whisper-small', ['_quantized'], 768);
		const root = tempDir();
		fs.symlinkSync(path.join(elsewhere, 'shared-whisper'), path.join(root, 'linked'));
		fs.mkdirSync(path.join(root, 'org'));
		fs.symlinkSync(path.join(elsewhere, 'org/whisper-small'), path.join(root, 'org', 'small'));
		fs.symlinkSync(path.join(elsewhere, 'gone'), path.join(root, 'dangling'));
		const models = listLocalModels(root);
		expect(models.map((m) => m.id)).toEqual(['linked', 'org/small']);
		expect(models[1]).toMatchObject({ size: 'small', dtypes: ['q8'] });
		expect(models[0]!.bytes).toBeGreaterThan(0);
	});

	it('ignores folders missing a sub-model file for every dtype', () => {
		const root = tempDir();
		const dir = fakeModelFolder(root, 'half', ['_quantized']);
		fs.rmSync(path.join(dir, 'onnx', 'decoder_model_merged_quantized.onnx'));
		expect(listLocalModels(root)).toEqual([]);
	});

	it('maps contract sizes and short names onto local folders', () => {
		const root = tempDir();
		fakeModelFolder(root, 'onnx-community/whisper-base', ['_quantized']);
		const r = resolveModel('base', { modelsDir: root, allowRemote: false });
		expect(r.kind).toBe('local');
		expect(r.kind === 'local' && r.model.id).toBe('onnx-community/whisper-base');
		expect(findKnownModel('large')?.name).toBe('large-v3');
		expect(findKnownModel('whisper-small.en')?.hubId).toBe('onnx-community/whisper-small.en');
	});

	it('says where to put a missing model and how to pull it', () => {
		const root = tempDir();
		let err: DomainError | undefined;
		try {
			resolveModel('small', { modelsDir: root, allowRemote: false });
		} catch (e) {
			err = e as DomainError;
		}
		expect(err?.code).toBe('MODEL_UNAVAILABLE');
		expect(err?.details).toMatchObject({
			model: 'small',
			folder: path.join(root, 'onnx-community/whisper-small'),
			pull_command: 'npx meetingscribe models pull small',
		});
		expect(err?.message).toContain('model manager (Settings → Models, /settings/models)');
	});

	it('offers no download when downloads are off, and no catalogue-only loop for other repos', () => {
		const root = tempDir();
		const off = () =>
			resolveModel('small', { modelsDir: root, allowRemote: false, downloads: 'off' });
		expect(off).toThrow(/MODEL_DOWNLOADS=off/);
		expect(off).toThrow(
			new RegExp(`put its files in ${path.join(root, 'onnx-community/whisper-small')}`),
		);
		expect(off).not.toThrow(/models pull|model manager/);
		const repo = () => resolveModel('someone/whisper-x', { modelsDir: root, allowRemote: false });
		expect(repo).toThrow(/only catalogue models/);
		expect(repo).not.toThrow(/models pull/);
	});

	it('never lists or resolves a download in progress (dot folders)', () => {
		const root = tempDir();
		fakeModelFolder(root, '.downloads/onnx-community--whisper-base', ['_quantized']);
		fakeModelFolder(root, 'onnx-community/.tmp', ['_quantized']);
		expect(listLocalModels(root)).toEqual([]);
		expect(() => resolveModel('base', { modelsDir: root, allowRemote: false })).toThrow(
			DomainError,
		);
	});

	it('goes to the Hub only when allowed, and never for path-like names', () => {
		const root = tempDir();
		expect(resolveModel('small', { modelsDir: root, allowRemote: true })).toMatchObject({
			kind: 'remote',
			hubId: 'onnx-community/whisper-small',
		});
		for (const bad of ['../../etc', '/abs/path', 'a/b/c', 'x'.repeat(300)]) {
			expect(() => resolveModel(bad, { modelsDir: root, allowRemote: true })).toThrow(DomainError);
		}
	});

	it('picks q8 by default and honours a present preference', () => {
		const root = tempDir();
		fakeModelFolder(root, 'm', ['', '_quantized', '_q4']);
		const [m] = listLocalModels(root);
		expect(chooseDtype(m!)).toBe('q8');
		expect(chooseDtype(m!, 'fp32')).toBe('fp32');
		expect(chooseDtype(m!, 'fp16')).toBe('q8');
	});

	it('parses WHISPER_DTYPE per sub-model', () => {
		expect(parseDtypeSetting('q4')).toBe('q4');
		expect(parseDtypeSetting('encoder_model=fp32,decoder_model_merged=q8')).toEqual({
			encoder_model: 'fp32',
			decoder_model_merged: 'q8',
		});
	});
});

describe('toLanguageCode', () => {
	it('accepts codes, names, locales and tokens', () => {
		expect(toLanguageCode('fr')).toBe('fr');
		expect(toLanguageCode('French')).toBe('fr');
		expect(toLanguageCode('de-CH')).toBe('de');
		expect(toLanguageCode('<|ja|>')).toBe('ja');
		expect(toLanguageCode('castilian')).toBe('es');
		expect(toLanguageCode('klingon')).toBeUndefined();
	});
});
