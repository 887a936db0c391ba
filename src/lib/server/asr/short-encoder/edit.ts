import type { Field } from '../onnx-proto';
import {
	concat,
	decodeMessage,
	encodeMessage,
	ints,
	intField,
	messageField,
	stringField,
	strings,
	text,
} from '../onnx-proto';

/**
 * Lets a Whisper encoder run on fewer than 3000 mel frames (30 s).
 *
 * The exported encoder adds its learned positions as one constant [1500, d_model] to the
 * convolutions' output, so any other length fails to broadcast. The edit adds the first T rows
 * instead, T being that output's length: at 3000 frames the graph computes what it did (the
 * unit test compares the outputs: float rounding only), at fewer it is Whisper's encoder on the
 * audio present, as whisper.cpp's `audio_ctx` does. The input's and output's time dimensions become
 * symbolic, and the optional shape hints (value_info) that fixed them are dropped.
 *
 * Works on the wire format (../onnx-proto.ts), so weights pass through untouched; fields are ONNX's
 * (onnx/onnx.proto): ModelProto.graph 7; GraphProto node 1, initializer 5, input 11, output 12,
 * value_info 13; NodeProto input 1, output 2, name 3, op_type 4, attribute 5; TensorProto dims 1,
 * data_type 2, name 8, raw_data 9; AttributeProto name 1, t 5.
 */
export interface EncoderShape {
	/** Encoder positions for 30 s (`max_source_positions`, 1500). */
	positions: number;
	dModel: number;
}

export type EditResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

const PREFIX = 'meetingscribe_short_encoder';
const INT64 = 7;
const FLOAT_TYPES = new Set([1, 10, 16]); // float, float16, bfloat16

interface Positions {
	name: string;
	rank: number;
}

export function allowShortInput(model: Uint8Array, shape: EncoderShape): EditResult {
	let modelFields: Field[];
	try {
		modelFields = decodeMessage(model);
	} catch (e) {
		return { ok: false, reason: `not an ONNX model (${(e as Error).message})` };
	}
	const graphAt = modelFields.findIndex((f) => f.no === 7 && f.wire === 2);
	if (graphAt < 0) return { ok: false, reason: 'the model has no graph' };
	const graph = decodeMessage(modelFields[graphAt]!.value as Uint8Array);
	const nodes = graph.filter((f) => f.no === 1).map((f) => decodeMessage(f.value as Uint8Array));

	const found = findPositions(graph, nodes, shape);
	if (!found.ok) return found;
	const pos = found.positions;
	const consumers = nodes.flatMap((n, i) => (strings(n, 1).includes(pos.name) ? [i] : []));
	if (consumers.length !== 1) {
		return { ok: false, reason: `the positions feed ${consumers.length} nodes, not one` };
	}
	const at = consumers[0]!;
	const consumer = nodes[at]!;
	const op = opType(consumer);
	if (op !== 'Add' && op !== 'SkipLayerNormalization') {
		return { ok: false, reason: `the positions feed a ${op}, not an Add` };
	}
	const inputs = strings(consumer, 1);
	const other = inputs.find((n) => n !== pos.name);
	if (!other) return { ok: false, reason: 'the positions are added to themselves' };

	const c = (suffix: string) => `${PREFIX}/${suffix}`;
	const added: Field[][] = [
		node('Shape', [other], [c('shape')]),
		node('Slice', [c('shape'), c('one'), c('two'), c('zero')], [c('frames')]),
		node('Slice', [pos.name, c('zero'), c('frames'), c('axis')], [c('positions')]),
	];
	const rewired = consumer.map((f) =>
		f.no === 1 && text(f) === pos.name ? stringField(1, c('positions')) : f,
	);
	const newNodes = [...nodes.slice(0, at), ...added, rewired, ...nodes.slice(at + 1)];
	const constants = [
		int64Tensor(c('zero'), 0),
		int64Tensor(c('one'), 1),
		int64Tensor(c('two'), 2),
		int64Tensor(c('axis'), pos.rank - 2),
	];

	const rest = graph.filter((f) => f.no !== 1 && f.no !== 13).map((f) => symbolicTime(f));
	const newGraph = [...newNodes.map((n) => messageField(1, n)), ...constants, ...rest];
	const out = modelFields.map((f, i) => (i === graphAt ? messageField(7, newGraph) : f));
	return { ok: true, bytes: concat(encodeMessage(out)) };
}

function findPositions(
	graph: Field[],
	nodes: Field[][],
	shape: EncoderShape,
): { ok: true; positions: Positions } | { ok: false; reason: string } {
	const matches = (t: Field[]): boolean => {
		const dims = ints(t, 1).map(Number);
		const type = Number(ints(t, 2)[0] ?? 0);
		const tail = dims.slice(-2);
		return (
			FLOAT_TYPES.has(type) &&
			tail[0] === shape.positions &&
			tail[1] === shape.dModel &&
			dims.slice(0, -2).every((d) => d === 1)
		);
	};
	const found: Positions[] = [];
	const consider = (t: Field[], name: string) => {
		if (matches(t)) found.push({ name, rank: ints(t, 1).length });
	};
	// Initializers (GraphProto 5, named by TensorProto 8), and Constant nodes' `value` tensors
	// (AttributeProto 5), named by the node's output.
	for (const f of graph) {
		if (f.no !== 5) continue;
		const t = decodeMessage(f.value as Uint8Array);
		consider(t, strings(t, 8)[0] ?? '');
	}
	for (const n of nodes.filter((n) => opType(n) === 'Constant')) {
		for (const a of n.filter((f) => f.no === 5)) {
			const t = decodeMessage(a.value as Uint8Array).find((f) => f.no === 5);
			if (t) consider(decodeMessage(t.value as Uint8Array), strings(n, 2)[0]!);
		}
	}
	if (found.length !== 1) {
		return {
			ok: false,
			reason: `expected one [${shape.positions}, ${shape.dModel}] position table, found ${found.length}`,
		};
	}
	return { ok: true, positions: found[0]! };
}

const opType = (node: Field[]): string => strings(node, 4)[0] ?? '';

function node(op: string, inputs: string[], outputs: string[]): Field[] {
	return [
		...inputs.map((i) => stringField(1, i)),
		...outputs.map((o) => stringField(2, o)),
		stringField(3, outputs[0]!),
		stringField(4, op),
	];
}

function int64Tensor(name: string, value: number): Field {
	const raw = new Uint8Array(8);
	new DataView(raw.buffer).setBigInt64(0, BigInt(value), true);
	return messageField(5, [
		intField(1, 1),
		intField(2, INT64),
		stringField(8, name),
		{ no: 9, wire: 2, value: raw },
	]);
}

/**
 * The encoder's input and output with a symbolic time axis: `input_features` [batch, mels,
 * frames] (the last dimension) and `last_hidden_state` [batch, positions, d] (the second).
 */
function symbolicTime(f: Field): Field {
	if ((f.no !== 11 && f.no !== 12) || !(f.value instanceof Uint8Array)) return f;
	const info = decodeMessage(f.value);
	const name = text(info.find((x) => x.no === 1) ?? stringField(1, ''));
	const axis = name === 'input_features' ? 2 : name === 'last_hidden_state' ? 1 : -1;
	if (axis < 0) return f;
	const rewritten = info.map((x) =>
		x.no === 2 ? messageField(2, rewriteType(decodeMessage(x.value as Uint8Array), axis, name)) : x,
	);
	return messageField(f.no, rewritten);
}

// TypeProto.tensor_type 1 → Tensor.shape 2 → TensorShapeProto.dim 1 → Dimension.dim_param 2.
function rewriteType(type: Field[], axis: number, name: string): Field[] {
	return type.map((t) => {
		if (t.no !== 1) return t;
		const tensor = decodeMessage(t.value as Uint8Array).map((s) => {
			if (s.no !== 2) return s;
			let i = 0;
			const dims = decodeMessage(s.value as Uint8Array).map((d) =>
				d.no === 1 && i++ === axis ? messageField(1, [stringField(2, `${PREFIX}_${name}`)]) : d,
			);
			return messageField(2, dims);
		});
		return messageField(1, tensor);
	});
}
