// TensorProto constructors from typed arrays (raw bytes are shared, not copied).
import type { ElemType, TensorProto } from './onnx.js';

function bytesOf(a: ArrayBufferView): Uint8Array {
	return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function make(
	name: string,
	type: ElemType,
	dims: readonly number[],
	data: ArrayBufferView,
): TensorProto {
	return { name, type, dims, raw: bytesOf(data) };
}

export const tensor = {
	float: (name: string, dims: readonly number[], data: Float32Array) =>
		make(name, 'float', dims, data),
	uint8: (name: string, dims: readonly number[], data: Uint8Array) =>
		make(name, 'uint8', dims, data),
	int64: (name: string, dims: readonly number[], values: readonly number[]) =>
		make(name, 'int64', dims, BigInt64Array.from(values, BigInt)),
};
