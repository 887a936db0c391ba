import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vulkanDriverPresent } from '../../../src/lib/server/asr/device-probe';

describe('vulkanDriverPresent (the WebGPU probe is skipped without one, keeping Dawn quiet)', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meetingscribe-vk-'));
	const empty = { XDG_CONFIG_DIRS: path.join(dir, 'none'), XDG_DATA_DIRS: path.join(dir, 'none') };

	it('follows VK_DRIVER_FILES / VK_ICD_FILENAMES when set', () => {
		const icd = path.join(dir, 'lvp_icd.json');
		fs.writeFileSync(icd, '{}');
		expect(vulkanDriverPresent({ ...empty, VK_DRIVER_FILES: icd })).toBe(true);
		expect(
			vulkanDriverPresent({ ...empty, VK_ICD_FILENAMES: path.join(dir, 'missing.json') }),
		).toBe(false);
	});

	it('finds a driver manifest in the XDG data folders', () => {
		const data = path.join(dir, 'share');
		fs.mkdirSync(path.join(data, 'vulkan', 'icd.d'), { recursive: true });
		fs.writeFileSync(path.join(data, 'vulkan', 'icd.d', 'nvidia_icd.json'), '{}');
		expect(vulkanDriverPresent({ ...empty, XDG_DATA_DIRS: data })).toBe(true);
	});
});
