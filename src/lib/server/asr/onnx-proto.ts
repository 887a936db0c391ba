/**
 * Protobuf wire format, just enough to write or edit an ONNX model without a schema (the
 * log-sum-exp graph, the short-input encoder): a message is a list of fields kept as raw bytes,
 * so everything an edit does not look at is written back exactly as it was read (weights
 * included, without decoding them).
 */

export interface Field {
	no: number;
	/** 0 varint, 1 64-bit, 2 length-delimited, 5 32-bit. */
	wire: number;
	/** Varints as bigint; the payload of the others, a view into the source bytes. */
	value: bigint | Uint8Array;
}

export function decodeMessage(buf: Uint8Array): Field[] {
	const fields: Field[] = [];
	let at = 0;
	const varint = (): bigint => {
		let v = 0n;
		let shift = 0n;
		for (;;) {
			if (at >= buf.length) throw new Error('truncated protobuf varint');
			const b = buf[at++]!;
			v |= BigInt(b & 0x7f) << shift;
			if (b < 0x80) return v;
			shift += 7n;
		}
	};
	const take = (n: number): Uint8Array => {
		if (at + n > buf.length) throw new Error('truncated protobuf field');
		const out = buf.subarray(at, at + n);
		at += n;
		return out;
	};
	while (at < buf.length) {
		const key = Number(varint());
		const no = key >>> 3;
		const wire = key & 7;
		if (wire === 0) fields.push({ no, wire, value: varint() });
		else if (wire === 1) fields.push({ no, wire, value: take(8) });
		else if (wire === 2) fields.push({ no, wire, value: take(Number(varint())) });
		else if (wire === 5) fields.push({ no, wire, value: take(4) });
		else throw new Error(`unsupported protobuf wire type ${wire}`);
	}
	return fields;
}

function varintBytes(value: bigint): number[] {
	let v = BigInt.asUintN(64, value);
	const out: number[] = [];
	while (v >= 0x80n) {
		out.push(Number(v & 0x7fn) | 0x80);
		v >>= 7n;
	}
	out.push(Number(v));
	return out;
}

/** The message's bytes, as parts to concatenate (weights are not copied until then). */
export function encodeMessage(fields: readonly Field[]): Uint8Array[] {
	const parts: Uint8Array[] = [];
	for (const f of fields) {
		const key = varintBytes(BigInt((f.no << 3) | f.wire));
		if (typeof f.value === 'bigint') parts.push(Uint8Array.from([...key, ...varintBytes(f.value)]));
		else if (f.wire === 2) {
			parts.push(Uint8Array.from([...key, ...varintBytes(BigInt(f.value.length))]), f.value);
		} else parts.push(Uint8Array.from(key), f.value);
	}
	return parts;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

export const bytesField = (no: number, value: Uint8Array): Field => ({ no, wire: 2, value });
export const stringField = (no: number, s: string): Field =>
	bytesField(no, new TextEncoder().encode(s));
export const intField = (no: number, v: number | bigint): Field => ({
	no,
	wire: 0,
	value: BigInt(v),
});
export const messageField = (no: number, fields: readonly Field[]): Field =>
	bytesField(no, concat(encodeMessage(fields)));

export const text = (f: Field): string =>
	f.value instanceof Uint8Array ? new TextDecoder().decode(f.value) : '';

export const strings = (fields: readonly Field[], no: number): string[] =>
	fields.filter((f) => f.no === no).map(text);

/** Repeated int64 values of field `no`, packed or not. */
export function ints(fields: readonly Field[], no: number): bigint[] {
	const out: bigint[] = [];
	for (const f of fields) {
		if (f.no !== no) continue;
		if (typeof f.value === 'bigint') out.push(f.value);
		else for (const p of decodePacked(f.value)) out.push(p);
	}
	return out;
}

function decodePacked(buf: Uint8Array): bigint[] {
	const out: bigint[] = [];
	let v = 0n;
	let shift = 0n;
	for (const b of buf) {
		v |= BigInt(b & 0x7f) << shift;
		if (b < 0x80) {
			out.push(BigInt.asIntN(64, v));
			v = 0n;
			shift = 0n;
		} else shift += 7n;
	}
	return out;
}
