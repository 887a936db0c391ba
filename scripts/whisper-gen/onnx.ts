// ONNX data model (the subset this generator emits) and its protobuf encoding.
// Field numbers follow onnx/onnx.proto.
import { ProtoWriter } from './protobuf.js';

export const DataType = {
	float: 1,
	uint8: 2,
	int8: 3,
	int32: 6,
	int64: 7,
	bool: 9,
} as const;
export type ElemType = keyof typeof DataType;

export interface TensorProto {
	name: string;
	type: ElemType;
	dims: readonly number[];
	/** Little-endian raw bytes (the byte order of every platform Node runs on). */
	raw: Uint8Array;
}

/** A dimension is a fixed size or a symbolic name such as 'batch_size'. */
export type Dim = number | string;

export interface ValueInfo {
	name: string;
	type: ElemType;
	shape?: readonly Dim[];
}

export type Attribute =
	| { kind: 'int'; value: number }
	| { kind: 'float'; value: number }
	| { kind: 'ints'; value: readonly number[] }
	| { kind: 'string'; value: string }
	| { kind: 'tensor'; value: TensorProto }
	| { kind: 'graph'; value: GraphProto };

export interface NodeProto {
	opType: string;
	domain?: string;
	inputs: readonly string[];
	outputs: readonly string[];
	attributes?: Readonly<Record<string, Attribute>>;
}

export interface GraphProto {
	name: string;
	nodes: readonly NodeProto[];
	initializers: readonly TensorProto[];
	inputs: readonly ValueInfo[];
	outputs: readonly ValueInfo[];
}

export interface ModelProto {
	graph: GraphProto;
	opsets: readonly { domain: string; version: number }[];
}

const IR_VERSION = 8;

const ATTRIBUTE_TYPE = {
	float: 1,
	int: 2,
	string: 3,
	tensor: 4,
	graph: 5,
	ints: 7,
} as const;

function encodeTensor(t: TensorProto): ProtoWriter {
	const w = new ProtoWriter();
	for (const d of t.dims) w.int(1, d);
	w.int(2, DataType[t.type]);
	w.string(8, t.name);
	w.bytes(9, t.raw);
	return w;
}

function encodeValueInfo(v: ValueInfo): ProtoWriter {
	const tensorType = new ProtoWriter().int(1, DataType[v.type]);
	if (v.shape) {
		const shape = new ProtoWriter();
		for (const d of v.shape) {
			const dim = new ProtoWriter();
			if (typeof d === 'number') dim.int(1, d);
			else dim.string(2, d);
			shape.message(1, dim);
		}
		tensorType.message(2, shape);
	}
	const type = new ProtoWriter().message(1, tensorType);
	return new ProtoWriter().string(1, v.name).message(2, type);
}

function encodeAttribute(name: string, a: Attribute): ProtoWriter {
	const w = new ProtoWriter().string(1, name);
	switch (a.kind) {
		case 'float':
			w.float(2, a.value);
			break;
		case 'int':
			w.int(3, a.value);
			break;
		case 'string':
			w.string(4, a.value);
			break;
		case 'tensor':
			w.message(5, encodeTensor(a.value));
			break;
		case 'graph':
			w.message(6, encodeGraph(a.value));
			break;
		case 'ints':
			for (const v of a.value) w.int(8, v);
			break;
	}
	return w.int(20, ATTRIBUTE_TYPE[a.kind]);
}

function encodeNode(n: NodeProto, index: number): ProtoWriter {
	const w = new ProtoWriter();
	for (const i of n.inputs) w.string(1, i);
	for (const o of n.outputs) w.string(2, o);
	w.string(3, `${n.outputs[0]}#${index}`);
	w.string(4, n.opType);
	for (const [name, attr] of Object.entries(n.attributes ?? {})) {
		w.message(5, encodeAttribute(name, attr));
	}
	if (n.domain) w.string(7, n.domain);
	return w;
}

function encodeGraph(g: GraphProto): ProtoWriter {
	const w = new ProtoWriter();
	g.nodes.forEach((n, i) => w.message(1, encodeNode(n, i)));
	w.string(2, g.name);
	for (const t of g.initializers) w.message(5, encodeTensor(t));
	for (const v of g.inputs) w.message(11, encodeValueInfo(v));
	for (const v of g.outputs) w.message(12, encodeValueInfo(v));
	return w;
}

/** Serialises a model; returns the chunks to write out in order. */
export function encodeModel(m: ModelProto): Uint8Array[] {
	const w = new ProtoWriter().int(1, IR_VERSION).string(2, 'meetingscribe-whisper-gen');
	w.message(7, encodeGraph(m.graph));
	for (const o of m.opsets) w.message(8, new ProtoWriter().string(1, o.domain).int(2, o.version));
	return w.chunks;
}
