import { InferenceSession } from 'onnxruntime-node';

/**
 * A tiny onnxruntime session that computes each row's log-sum-exp of a [rows, vocab] float
 * tensor: max + log(sum(exp(x - max))). The greedy loop needs it for every decoded token's
 * confidence; in JavaScript it is one `Math.exp` per vocabulary entry (≈ 0.3–0.5 ms a row for
 * 51,865 entries), in onnxruntime's vectorised Exp a tenth of that. Float32, so the value differs
 * from a double-precision sum by ~1e-5: fine for a confidence, and no token depends on it.
 *
 * The ONNX model is written here by hand (a few protobuf fields) rather than shipped as a file.
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
	const axes = msg([int(1, 1), int(2, INT64), str(8, 'axes'), bytes(9, int64Bytes(-1))]);
	const graph = msg([
		...nodes.map((n) => field(1, n)),
		str(2, 'logsumexp'),
		field(5, axes),
		field(11, valueInfo(LSE_INPUT, ['rows', 'vocab'])),
		field(12, valueInfo(LSE_OUTPUT, ['rows', 1])),
	]);
	return msg([int(1, 8), str(2, 'meetingscribe'), field(7, graph), field(8, msg([int(2, 17)]))]);
}

const FLOAT = 1;
const INT64 = 7;

function node(op: string, inputs: string[], outputs: string[], attrs: Uint8Array[] = []) {
	return msg([
		...inputs.map((i) => str(1, i)),
		...outputs.map((o) => str(2, o)),
		str(3, outputs[0]!),
		str(4, op),
		...attrs.map((a) => field(5, a)),
	]);
}

function attrInt(name: string, value: number): Uint8Array {
	return msg([str(1, name), int(3, value), int(20, 2)]);
}

function attrInts(name: string, values: number[]): Uint8Array {
	return msg([str(1, name), ...values.map((v) => int(8, v)), int(20, 7)]);
}

function valueInfo(name: string, dims: (string | number)[]): Uint8Array {
	const shape = msg(
		dims.map((d) => field(1, typeof d === 'number' ? msg([int(1, d)]) : msg([str(2, d)]))),
	);
	const tensorType = msg([int(1, FLOAT), field(2, shape)]);
	return msg([str(1, name), field(2, msg([field(1, tensorType)]))]);
}

function int64Bytes(value: number): Uint8Array {
	const out = new Uint8Array(8);
	new DataView(out.buffer).setBigInt64(0, BigInt(value), true);
	return out;
}

// Protobuf wire format: varints (negative int64 as 64-bit two's complement) and
// length-delimited fields.
function varint(value: number): number[] {
	let v = BigInt.asUintN(64, BigInt(value));
	const out: number[] = [];
	while (v >= 0x80n) {
		out.push(Number(v & 0x7fn) | 0x80);
		v >>= 7n;
	}
	out.push(Number(v));
	return out;
}

function int(fieldNo: number, value: number): Uint8Array {
	return Uint8Array.from([...varint(fieldNo << 3), ...varint(value)]);
}

function bytes(fieldNo: number, data: Uint8Array): Uint8Array {
	return msg([Uint8Array.from([...varint((fieldNo << 3) | 2), ...varint(data.length)]), data]);
}

const str = (fieldNo: number, s: string) => bytes(fieldNo, new TextEncoder().encode(s));
const field = bytes;

function msg(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}
