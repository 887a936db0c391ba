import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GpuInfo, SystemInfo } from '../../contracts/system';
import type { SystemProviderRegistry } from './providers';

const GiB = 1024 ** 3;

/** Bytes under a folder, symlinks not followed; entries that vanish meanwhile are skipped. */
export async function folderSize(root: string): Promise<number> {
	let total = 0;
	const pending = [root];
	while (pending.length) {
		const dir = pending.pop() as string;
		let entries: fs.Dirent[];
		try {
			entries = await fs.promises.readdir(dir, { withFileTypes: true });
		} catch {
			continue;
		}
		for (const e of entries) {
			const full = path.join(dir, e.name);
			if (e.isDirectory()) pending.push(full);
			else if (e.isFile())
				total += await fs.promises.stat(full).then(
					(s) => s.size,
					() => 0,
				);
		}
	}
	return total;
}

/** A coarse hint for choosing a model size: GPU or many cores and memory are "high". */
export function performanceLevel(cores: number, memoryBytes: number, gpu: GpuInfo) {
	const onGpu = gpu.provider_in_use !== null && gpu.provider_in_use !== 'cpu';
	if (onGpu || (cores >= 8 && memoryBytes >= 16 * GiB)) return 'high' as const;
	if (cores >= 4 && memoryBytes >= 8 * GiB) return 'medium' as const;
	return 'low' as const;
}

export async function systemInfo(
	providers: SystemProviderRegistry,
	dataRoot: string,
): Promise<SystemInfo> {
	const [gpu, models, devices, used] = await Promise.all([
		providers.read('gpu'),
		providers.read('models'),
		providers.read('devices'),
		folderSize(dataRoot),
	]);
	const cpus = os.cpus();
	const cores = os.availableParallelism();
	const disk = fs.statfsSync(dataRoot);
	const totalMemory = os.totalmem();
	return {
		os: { name: os.type(), platform: os.platform(), release: os.release(), arch: os.arch() },
		runtime_version: `Node.js ${process.version}`,
		cpu: { model: cpus[0]?.model.trim() || 'unknown', cores },
		memory: {
			total_bytes: totalMemory,
			free_bytes: os.freemem(),
			process_rss_bytes: process.memoryUsage.rss(),
		},
		gpu,
		storage: {
			used_bytes: used,
			free_bytes: disk.bavail * disk.bsize,
			total_bytes: disk.blocks * disk.bsize,
		},
		performance_level: performanceLevel(cores, totalMemory, gpu),
		available_models: models,
		available_devices: devices,
	};
}
