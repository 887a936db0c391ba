import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { EncoderShape } from './edit';
import { allowShortInput } from './edit';

export type { EncoderShape } from './edit';
export { allowShortInput } from './edit';

type Session = InferenceSession & { config?: unknown };

export interface ShortEncoderSetup {
	/** The encoder file transformers.js loaded. */
	file: string;
	shape: EncoderShape & { mels: number };
	options: InferenceSession.SessionOptions;
	/** The session transformers.js created; released here when replaced. */
	stock: Session;
}

/** The encoder session to use, and whether it takes short inputs (why not, when not). */
export interface ShortEncoder {
	session: Session;
	shortInput: boolean;
	reason?: string;
}

/**
 * Replaces the stock encoder session by one that also accepts fewer than 3000 mel frames
 * (edit.ts), on the CPU. The stock session is released before the edited one is created, so the
 * encoder's weights are never in memory twice; if the edited one fails to load or to run a
 * short input, the stock file is loaded again and the reason returned.
 */
export async function shortInputEncoder(setup: ShortEncoderSetup): Promise<ShortEncoder> {
	const { file, shape, options, stock } = setup;
	if (!existsSync(file)) return { session: stock, shortInput: false, reason: `${file} not found` };
	if (existsSync(`${file}_data`)) {
		return { session: stock, shortInput: false, reason: 'weights in an external data file' };
	}
	const edit = allowShortInput(await readFile(file), shape);
	if (!edit.ok) return { session: stock, shortInput: false, reason: edit.reason };
	await stock.release();
	let session: Session | null = null;
	try {
		session = await InferenceSession.create(edit.bytes, options);
		// Two seconds of audio must come out as 100 positions.
		const frames = 200;
		const input = new Tensor('float32', new Float32Array(shape.mels * frames), [
			1,
			shape.mels,
			frames,
		]);
		const out = Object.values(await session.run({ input_features: input }))[0];
		if (out?.dims[1] !== frames / 2 || out.dims[2] !== shape.dModel) {
			throw new Error(`a short input gave an output of [${out?.dims.join(', ')}]`);
		}
		session.config = stock.config;
		return { session, shortInput: true };
	} catch (e) {
		await session?.release();
		const restored: Session = await InferenceSession.create(file, options);
		restored.config = stock.config;
		return { session: restored, shortInput: false, reason: (e as Error).message };
	}
}
