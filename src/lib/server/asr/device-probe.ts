import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { DevicePreference, DeviceReport, ExecutionProvider, ProviderProbe } from './types';

const require = createRequire(import.meta.url);

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
