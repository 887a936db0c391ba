import type { Field } from '../onnx-proto';
import { bytesField, concat, decodeMessage, encodeMessage, strings, text } from '../onnx-proto';

/**
 * Rewrites a model's uint8 matrix-multiply weights as int8, exactly.
 *
 * An integer matmul computes (a − a₀)·(w − w₀). With w' = w − 128 and w₀' = w₀ − 128 (each byte
 * XOR 0x80, read as int8) every difference w − w₀ is unchanged, so the product is the same
 * integer. onnxruntime's CPU kernels for uint8 × int8 use the int8 dot-product instructions
 * (VNNI, AMX) that uint8 × uint8 cannot: measured 1.5× faster for Whisper base's encoder, with
 * identical outputs (docs/decisions/0019). transformers.js exports its q8 encoders with uint8
 * weights, because onnxruntime-web has no int8 ConvInteger; the decoders are int8 already.
 *
 * A weight is rewritten with its zero point, and only when both are uint8 initializers of the main
 * graph stored as raw bytes and every use of either (the `If` branches included) is as the
 * weight or weight zero point of an integer matmul; a group sharing anything else (the tied
 * embedding's Gather and DequantizeLinear) is left as it is. Fields are ONNX's (onnx/onnx.proto):
 * ModelProto.graph 7; GraphProto node 1, initializer 5; NodeProto input 1, op_type 4,
 * attribute 5; AttributeProto g 6, graphs 11; TensorProto data_type 2, name 8, raw_data 9,
 * data_location 14.
 */
export type SignedResult =
	{ bytes: Uint8Array; converted: number } | { bytes: null; reason: string };

const UINT8 = 2n;
const INT8 = 3n;

/** Input positions of the weight and its zero point, per integer matmul operator. */
const WEIGHT_INPUTS: Record<string, readonly [number, number]> = {
	MatMulInteger: [1, 3],
	DynamicQuantizeMatMul: [1, 3],
	MatMulIntegerToFloat: [1, 5],
};

export function signedWeights(model: Uint8Array): SignedResult {
	let modelFields: Field[];
	try {
		modelFields = decodeMessage(model);
	} catch (e) {
		return { bytes: null, reason: `not an ONNX model (${(e as Error).message})` };
	}
	const graphAt = modelFields.findIndex((f) => f.no === 7 && f.wire === 2);
	if (graphAt < 0) return { bytes: null, reason: 'the model has no graph' };
	const graph = decodeMessage(modelFields[graphAt]!.value as Uint8Array);

	const groups = new Groups();
	const otherUse = new Set<string>();
	const localNames = new Set<string>();
	walk(
		graph,
		true,
		(node) => {
			const inputs = strings(node, 1);
			const roles = WEIGHT_INPUTS[strings(node, 4)[0] ?? ''];
			inputs.forEach((name, i) => {
				if (name && !(roles && roles.includes(i))) otherUse.add(name);
			});
			if (!roles) return;
			const [w, zp] = roles.map((i) => inputs[i] ?? '');
			// Without an explicit zero point, uint8's is 0 and int8's would have to be −128.
			if (!zp) otherUse.add(w!);
			else groups.join(w!, zp);
		},
		localNames,
	);

	const initializers = new Map<string, Field[]>();
	for (const f of graph) {
		if (f.no !== 5) continue;
		const t = decodeMessage(f.value as Uint8Array);
		initializers.set(text(t.find((x) => x.no === 8)!), t);
	}
	const eligible = (name: string) => {
		const t = initializers.get(name);
		return (
			t !== undefined &&
			!otherUse.has(name) &&
			!localNames.has(name) &&
			t.find((x) => x.no === 2)?.value === UINT8 &&
			t.some((x) => x.no === 9) &&
			!t.some((x) => x.no === 14 && x.value === 1n)
		);
	};
	const convert = new Set<string>();
	for (const members of groups.all()) {
		if (members.every(eligible)) members.forEach((m) => convert.add(m));
	}
	if (convert.size === 0) return { bytes: null, reason: 'no uint8 matmul weights to convert' };

	const newGraph = graph.map((f) => {
		if (f.no !== 5) return f;
		const t = decodeMessage(f.value as Uint8Array);
		if (!convert.has(text(t.find((x) => x.no === 8)!))) return f;
		return bytesField(5, concat(encodeMessage(t.map(toInt8))));
	});
	const bytes = concat(
		encodeMessage(
			modelFields.map((f, i) =>
				i === graphAt ? bytesField(7, concat(encodeMessage(newGraph))) : f,
			),
		),
	);
	return { bytes, converted: convert.size };
}

function toInt8(field: Field): Field {
	if (field.no === 2) return { ...field, value: INT8 };
	if (field.no !== 9) return field;
	const raw = field.value as Uint8Array;
	const out = new Uint8Array(raw.length);
	for (let i = 0; i < raw.length; i++) out[i] = raw[i]! ^ 0x80;
	return bytesField(9, out);
}

/**
 * Calls `visit` for every node of the graph and its subgraphs; names a subgraph defines itself
 * (its initializers, inputs and outputs of its nodes) go to `local`, since they may shadow the
 * main graph's.
 */
function walk(graph: Field[], main: boolean, visit: (node: Field[]) => void, local: Set<string>) {
	for (const f of graph) {
		if (!main && f.no === 5)
			local.add(text(decodeMessage(f.value as Uint8Array).find((x) => x.no === 8)!));
		if (f.no !== 1) continue;
		const node = decodeMessage(f.value as Uint8Array);
		if (!main) strings(node, 2).forEach((o) => local.add(o));
		visit(node);
		for (const a of node) {
			if (a.no !== 5) continue;
			for (const g of decodeMessage(a.value as Uint8Array)) {
				if (g.no === 6 || g.no === 11)
					walk(decodeMessage(g.value as Uint8Array), false, visit, local);
			}
		}
	}
}

/** Names that must change type together (a weight and its zero point, shared either way). */
class Groups {
	private readonly parent = new Map<string, string>();

	join(a: string, b: string): void {
		const ra = this.root(a);
		const rb = this.root(b);
		if (ra !== rb) this.parent.set(ra, rb);
	}

	all(): string[][] {
		const out = new Map<string, string[]>();
		for (const name of this.parent.keys()) {
			const r = this.root(name);
			out.set(r, [...(out.get(r) ?? []), name]);
		}
		return [...out.values()];
	}

	private root(name: string): string {
		if (!this.parent.has(name)) this.parent.set(name, name);
		let r = name;
		while (this.parent.get(r) !== r) r = this.parent.get(r)!;
		return r;
	}
}
