import { LogitsProcessor, StoppingCriteria, type Tensor } from '@huggingface/transformers';

/**
 * Records the log-probability of every generated token, for segment confidence. It sees the
 * logits before Whisper's timestamp rules are applied (those processors run after user ones),
 * so the value is a slightly conservative estimate. Only one vocabulary row is kept: the token
 * chosen for a row is known at the next call, from the ids generated so far.
 */
export class TokenScoreRecorder extends LogitsProcessor {
	readonly logprobs: number[] = [];
	private pendingRow: Float32Array | null = null;
	private pendingLse = 0;

	constructor(private readonly vocabSize: number) {
		super();
	}

	override _call(inputIds: bigint[][], logits: Tensor): Tensor {
		const ids = inputIds[0];
		if (this.pendingRow && ids?.length) this.resolve(Number(ids[ids.length - 1]));
		const data = logits.data as Float32Array;
		const row = data.subarray(data.length - this.vocabSize);
		let max = -Infinity;
		for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
		let sum = 0;
		for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! - max);
		this.pendingRow = row.slice();
		this.pendingLse = max + Math.log(sum);
		return logits;
	}

	/** Call once generation ended, with the last generated token. */
	finish(lastToken: number | undefined): void {
		if (this.pendingRow && lastToken !== undefined) this.resolve(lastToken);
	}

	private resolve(token: number): void {
		const logit = this.pendingRow![token] ?? -Infinity;
		this.logprobs.push(Math.max(logit - this.pendingLse, -20));
		this.pendingRow = null;
	}
}

/** Captures the first step's logits (language detection reads them). */
export class FirstLogitsCapture extends LogitsProcessor {
	row: Float32Array | null = null;

	constructor(private readonly vocabSize: number) {
		super();
	}

	override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
		if (!this.row) {
			const data = logits.data as Float32Array;
			this.row = data.slice(data.length - this.vocabSize);
		}
		return logits;
	}
}

/** Stops generation within one token once cancelled. */
export class CancelCriterion extends StoppingCriteria {
	constructor(private readonly isCancelled: () => boolean) {
		super();
	}

	override _call(inputIds: unknown[][]): boolean[] {
		const stop = this.isCancelled();
		return inputIds.map(() => stop);
	}
}
