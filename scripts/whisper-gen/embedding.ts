// Token embedding shared with the output projection (Whisper ties them). The
// transposed head weight is taken in the main graph, where ORT folds it into a
// constant once at load, instead of inside the `If` branches.
import type { GraphBuilder } from './graph.js';
import type { WeightFormat } from './linear.js';
import { q8MatMul, registerQ8 } from './linear.js';
import { tensor } from './tensors.js';

export interface TiedEmbedding {
	lookup(g: GraphBuilder, ids: string): string;
	logits(g: GraphBuilder, hidden: string): string;
}

export function createTiedEmbedding(
	main: GraphBuilder,
	format: WeightFormat,
	name: string,
	dims: [vocab: number, dModel: number],
	table: () => Float32Array,
): TiedEmbedding {
	if (format === 'fp32') {
		main.inits.add(tensor.float(name, dims, table()));
		const head = main.op('Transpose', [name]);
		return {
			lookup: (g, ids) => g.op('Gather', [name, ids]),
			logits: (g, hidden) => g.op('MatMul', [hidden, head]),
		};
	}
	// q8 and q4 both keep the embedding in uint8: a 4-bit Gather would need another contrib op.
	const q = registerQ8(main, name, dims, table);
	const head = { ...q, weight: main.op('Transpose', [q.weight]) };
	return {
		lookup: (g, ids) =>
			g.op('DequantizeLinear', [g.op('Gather', [q.weight, ids]), q.scale, q.zeroPoint]),
		logits: (g, hidden) => q8MatMul(g, hidden, head),
	};
}
