import { InferenceSession } from 'onnxruntime-node';
import type { Field } from './onnx-proto';
import {
	bytesField,
	concat,
	encodeMessage,
	intField,
	messageField,
	stringField,
} from './onnx-proto';

/**
 * A tiny onnxruntime session that computes each row's log-sum-exp of a [rows, vocab] float
 * tensor: max + log(sum(exp(x - max))). The greedy loop needs it for every decoded token's
 * confidence; in JavaScript it is one `Math.exp` per vocabulary entry (≈ 0.3–0.5 ms a row for
 * 51,865 entries), in onnxruntime's vectorised Exp a tenth of that. Float32, so the value differs
 * from a double-precision sum by ~1e-5: fine for a confidence, and no token depends on it.
 *
 * The ONNX model is written here (a few protobuf fields, onnx-proto.ts) rather than shipped as a file.
 */
export function createLogSumExpSession(): Promise<InferenceSession> {
	return InferenceSession.create(logSumExpModel(), {
		// Small work: one thread and no spinning, so it never competes with the decoder's pool.
		intraOpNumThreads: 1,
		interOpNumThreads: 1,
		extra: { session: { intra_op: { allow_spinning: '0' } } },
	});
}

export const LSE_INPUT = 'logits';
export const LSE_OUTPUT = 'lse';

/** The ModelProto bytes: ReduceMax → Sub → Exp → ReduceSum → Log → Add, opset 17. */
export function logSumExpModel(): Uint8Array {
	const keep = attrInt('keepdims', 1);
	const nodes = [
		node('ReduceMax', [LSE_INPUT], ['max'], [attrInts('axes', [-1]), keep]),
		node('Sub', [LSE_INPUT, 'max'], ['shifted']),
		node('Exp', ['shifted'], ['exps']),
		node('ReduceSum', ['exps', 'axes'], ['sum'], [keep]),
		node('Log', ['sum'], ['logsum']),
		node('Add', ['max', 'logsum'], [LSE_OUTPUT]),
	];
	// ReduceSum takes its axes as an input from opset 13 on.
	const axes = [
		intField(1, 1),
		intField(2, INT64),
		stringField(8, 'axes'),
		bytesField(9, int64Bytes(-1)),
	];
	const graph = [
		...nodes.map((n) => messageField(1, n)),
		stringField(2, 'logsumexp'),
		messageField(5, axes),
		messageField(11, valueInfo(LSE_INPUT, ['rows', 'vocab'])),
		messageField(12, valueInfo(LSE_OUTPUT, ['rows', 1])),
	];
	return concat(
		encodeMessage([
			intField(1, 8),
			stringField(2, 'meetingscribe'),
			messageField(7, graph),
			messageField(8, [intField(2, 17)]),
		]),
	);
}

// ONNX field numbers (onnx/onnx.proto): NodeProto input 1, output 2, name 3, op_type 4,
// attribute 5; AttributeProto name 1, i 3, ints 8, type 20; ValueInfoProto name 1, type 2.
const FLOAT = 1;
const INT64 = 7;

function node(op: string, inputs: string[], outputs: string[], attrs: Field[][] = []): Field[] {
	return [
		...inputs.map((i) => stringField(1, i)),
		...outputs.map((o) => stringField(2, o)),
		stringField(3, outputs[0]!),
		stringField(4, op),
		...attrs.map((a) => messageField(5, a)),
	];
}

function attrInt(name: string, value: number): Field[] {
	return [stringField(1, name), intField(3, value), intField(20, 2)];
}

function attrInts(name: string, values: number[]): Field[] {
	return [stringField(1, name), ...values.map((v) => intField(8, v)), intField(20, 7)];
}

function valueInfo(name: string, dims: (string | number)[]): Field[] {
	const shape = dims.map((d) =>
		messageField(1, typeof d === 'number' ? [intField(1, d)] : [stringField(2, d)]),
	);
	const tensorType = [intField(1, FLOAT), messageField(2, shape)];
	return [stringField(1, name), messageField(2, [messageField(1, tensorType)])];
}

function int64Bytes(value: number): Uint8Array {
	const out = new Uint8Array(8);
	new DataView(out.buffer).setBigInt64(0, BigInt(value), true);
	return out;
}
