import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { DevicePreference, DeviceReport, ExecutionProvider, ProviderProbe } from './types';

const require = createRequire(import.meta.url);

/**
 * Whether the Vulkan loader would find a driver (Linux): without one, Dawn (WebGPU) prints
 * several lines of warnings straight to stderr before failing, so the probe is skipped.
 */
export function vulkanDriverPresent(env: NodeJS.ProcessEnv = process.env): boolean {
	const listed = (env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES ?? '').split(':').filter(Boolean);
	if (listed.length) return listed.some((f) => fs.existsSync(f));
	const config = (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':');
	const data = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
	const dirs = [
		...config.map((d) => path.join(d, 'vulkan/icd.d')),
		'/etc/vulkan/icd.d',
		...data.map((d) => path.join(d, 'vulkan/icd.d')),
		path.join(os.homedir(), '.local/share/vulkan/icd.d'),
	];
	return dirs.some((d) => {
		try {
			return fs.readdirSync(d).some((f) => f.endsWith('.json'));
		} catch {
			return false;
		}
	});
}

/** A real, small ONNX model that ships with our dependencies: Silero VAD (2 MB). */
export function probeModelPath(): string {
	return path.join(
		path.dirname(require.resolve('@ricky0123/vad-web/package.json')),
		'dist',
		'silero_vad_v5.onnx',
	);
}

async function probeOne(provider: ExecutionProvider, modelPath: string): Promise<ProviderProbe> {
	const started = performance.now();
	if (provider === 'webgpu' && process.platform === 'linux' && !vulkanDriverPresent()) {
		return {
			provider,
			ok: false,
			ms: 0,
			error: 'no Vulkan driver installed (vulkan/icd.d is empty)',
		};
	}
	try {
		// Severity 4 = fatal only: a missing CUDA library is an expected outcome, not log noise.
		const session = await ort.InferenceSession.create(modelPath, {
			executionProviders: [provider],
			logSeverityLevel: 4,
		});
		await session.release();
		return { provider, ok: true, ms: Math.round(performance.now() - started) };
	} catch (e) {
		const message = (e as Error).message.split('\n')[0]!.slice(0, 300);
		return { provider, ok: false, ms: Math.round(performance.now() - started), error: message };
	}
}

/**
 * Tries execution providers in order of preference with a tiny session each and picks the first
 * that works. A GPU that fails never takes transcription down: CPU is always the last resort,
 * and the report says what failed and why.
 */
export async function probeDevices(
	requested: DevicePreference,
	modelPath = probeModelPath(),
): Promise<DeviceReport> {
	const order: ExecutionProvider[] =
		requested === 'auto'
			? ['cuda', 'webgpu', 'cpu']
			: requested === 'cpu'
				? ['cpu']
				: [requested, 'cpu'];
	// onnxruntime's environment logger prints a red error line when a provider library is missing
	// (the CUDA probe on every machine without it), whatever the session options say. It reads
	// this level when the first session is created, which the probe does (transformers.js sets
	// 'warning' when it is imported, so this cannot live at module level). Failures still surface
	// as exceptions, and the probe reports them in one line where asked.
	ort.env.logLevel = 'fatal';
	const tried: ProviderProbe[] = [];
	for (const provider of order) {
		const probe = await probeOne(provider, modelPath);
		tried.push(probe);
		if (probe.ok) break;
	}
	const inUse = tried.find((p) => p.ok)?.provider;
	if (!inUse) {
		throw new Error(
			`No execution provider works: ${tried.map((p) => `${p.provider}: ${p.error}`).join('; ')}`,
		);
	}
	// Under `auto`, a machine without a GPU running on CPU is normal, not a fallback to warn of.
	const failed = tried.find((p) => p.provider === requested && !p.ok);
	const fallbackReason = failed
		? `${failed.provider} unavailable (${failed.error}); using cpu`
		: undefined;
	return { requested, tried, inUse, ...(fallbackReason ? { fallbackReason } : {}) };
}
