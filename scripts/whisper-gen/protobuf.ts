// Minimal protobuf encoder: just the wire types ONNX needs (varint, fixed32,
// length-delimited). Messages are kept as lists of byte chunks so that large
// weight buffers are never copied into one contiguous array.

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

function varint(value: number | bigint): Uint8Array {
	// Negative int64 values are encoded as their 64-bit two's complement.
	let v = BigInt.asUintN(64, BigInt(value));
	const out: number[] = [];
	while (v >= 0x80n) {
		out.push(Number(v & 0x7fn) | 0x80);
		v >>= 7n;
	}
	out.push(Number(v));
	return Uint8Array.from(out);
}

export class ProtoWriter {
	readonly chunks: Uint8Array[] = [];
	length = 0;

	private push(bytes: Uint8Array): void {
		this.chunks.push(bytes);
		this.length += bytes.length;
	}

	private tag(field: number, wire: number): void {
		this.push(varint((field << 3) | wire));
	}

	int(field: number, value: number | bigint): this {
		this.tag(field, WIRE_VARINT);
		this.push(varint(value));
		return this;
	}

	float(field: number, value: number): this {
		const bytes = new Uint8Array(4);
		new DataView(bytes.buffer).setFloat32(0, value, true);
		this.tag(field, WIRE_FIXED32);
		this.push(bytes);
		return this;
	}

	bytes(field: number, data: Uint8Array): this {
		this.tag(field, WIRE_LEN);
		this.push(varint(data.length));
		this.push(data);
		return this;
	}

	string(field: number, value: string): this {
		return this.bytes(field, new TextEncoder().encode(value));
	}

	message(field: number, msg: ProtoWriter): this {
		this.tag(field, WIRE_LEN);
		this.push(varint(msg.length));
		for (const chunk of msg.chunks) this.push(chunk);
		return this;
	}
}
