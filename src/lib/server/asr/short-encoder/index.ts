import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { EncoderShape } from './edit';
import { allowShortInput } from './edit';
import { readSigned } from '../signed-weights';

export type { EncoderShape } from './edit';
export { allowShortInput } from './edit';

export interface ShortEncoderSetup {
	/** The encoder file transformers.js loaded. */
	file: string;
	/** Whether the full-length encoder runs with int8 weights (signed-weights/): the edit starts from those. */
	signed: boolean;
	shape: EncoderShape & { mels: number };
	options: InferenceSession.SessionOptions;
	/** Runs the decoder on a short encoder output; throws when it cannot take one. */
	checkDecoder(hidden: Tensor): Promise<void>;
}

/**
 * The encoder edited to take the audio present (edit.ts), created the first time a short input
 * is asked for: file jobs, which encode whole 30 s windows, keep the stock session (the edited
 * graph is ~4% slower on 30 s: onnxruntime optimises the fixed shapes a little better) and never
 * pay for a second session. Live work pays once, at its first utterance (~0.25 s for base).
 */
export class ShortInputEncoder {
	/** Why short inputs cannot be encoded; null when they can, undefined until first asked. */
	reason: string | null | undefined;
	private ready: Promise<InferenceSession | null> | null = null;

	constructor(private readonly setup: ShortEncoderSetup | { unavailable: string }) {
		if ('unavailable' in setup) this.reason = setup.unavailable;
	}

	/** The edited session, or null (then `reason` says why) where the model does not allow it. */
	session(): Promise<InferenceSession | null> {
		this.ready ??= this.prepare();
		return this.ready;
	}

	async release(): Promise<void> {
		await (await this.ready)?.release();
	}

	private async prepare(): Promise<InferenceSession | null> {
		const setup = this.setup;
		if ('unavailable' in setup) return null;
		let session: InferenceSession | null = null;
		try {
			if (!existsSync(setup.file)) throw new Error(`${setup.file} not found`);
			if (existsSync(`${setup.file}_data`)) throw new Error('weights in an external data file');
			const model =
				(setup.signed && (await readSigned(setup.file))) || (await readFile(setup.file));
			const edit = allowShortInput(model, setup.shape);
			if (!edit.ok) throw new Error(edit.reason);
			session = await InferenceSession.create(edit.bytes, setup.options);
			// Two seconds of audio must come out as 100 positions, which the decoder must take.
			const frames = 200;
			const { mels, dModel } = setup.shape;
			const input = new Tensor('float32', new Float32Array(mels * frames), [1, mels, frames]);
			const out = Object.values(await session.run({ input_features: input }))[0];
			if (out?.dims[1] !== frames / 2 || out.dims[2] !== dModel) {
				throw new Error(`a short input gave an output of [${out?.dims.join(', ')}]`);
			}
			await setup.checkDecoder(out);
			this.reason = null;
			return session;
		} catch (e) {
			await session?.release();
			this.reason = (e as Error).message.slice(0, 300);
			return null;
		}
	}
}
