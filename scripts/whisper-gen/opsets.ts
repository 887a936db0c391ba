import type { WeightFormat } from './linear.js';

/** Opset 17 (LayerNormalization); q4 also needs com.microsoft for MatMulNBits. */
export function opsetsFor(format: WeightFormat): { domain: string; version: number }[] {
	const opsets = [{ domain: '', version: 17 }];
	if (format === 'q4') opsets.push({ domain: 'com.microsoft', version: 1 });
	return opsets;
}
