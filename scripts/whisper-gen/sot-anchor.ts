// The steering schedule (steering.ts, alignment.ts) counts decoder positions
// from <|startoftranscript|>, so that an initial prompt (<|startofprev|> and
// text before it) shifts nothing. A cached step only sees its new token, so
// the SOT position travels in the KV cache: layer 0's self-attention value
// (head 0, channel 0) carries +1000 at the SOT token. That channel of the
// attention output is cleared before out_proj, so the marker neither reaches
// the residual stream nor widens the q8 activation range.
import type { GraphBuilder } from './graph.js';
import { attr } from './graph.js';
import { pastName } from './decoder-io.js';
import { DataType } from './onnx.js';

const SOT_MARKER = 1000;

/** Marker values per head and channel (use as [1, heads, 1, headDim]): head 0, channel 0. */
export function markerPattern(dModel: number): Float32Array {
	const pattern = new Float32Array(dModel);
	pattern[0] = SOT_MARKER;
	return pattern;
}

/** [d] mask that clears the marked channel of the merged attention output. */
export function markerClearMask(dModel: number): Float32Array {
	return new Float32Array(dModel).fill(1, 1);
}

/** [batch, seq] float: 1 where input_ids is <|startoftranscript|>. */
export function sotIndicator(b: GraphBuilder, sotId: number): string {
	const isSot = b.op('Equal', ['input_ids', b.int64(sotId)]);
	return b.op('Cast', [isSot], { to: attr.int(DataType.float) });
}

/** Adds the marker to layer 0's new values [batch, heads, seq, headDim]. */
export function markValues(
	b: GraphBuilder,
	values: string,
	indicator: string,
	marker: string,
): string {
	const perToken = b.op('Unsqueeze', [indicator, b.int64s([1, 3])]);
	return b.op('Add', [values, b.op('Mul', [perToken, marker])]);
}

/** Clears the marked channel of layer 0's attention output [batch, seq, d]. */
export function clearMarker(b: GraphBuilder, context: string, clearMask: string): string {
	return b.op('Mul', [context, clearMask]);
}

/** [batch, 1] int64 index of <|startoftranscript|> (0 when absent). */
export function sotIndex(b: GraphBuilder, cached: boolean, indicator: string): string {
	// Cached: the marked channel of layer 0's past values, [batch, past].
	const axis = (a: number) => ({ axis: attr.int(a) });
	const scores = cached
		? b.op(
				'Gather',
				[b.op('Gather', [pastName(0, 'decoder', 'value'), b.int64(0)], axis(1)), b.int64(0)],
				axis(2),
			)
		: indicator;
	return b.op('ArgMax', [scores], { axis: attr.int(1), keepdims: attr.int(1) });
}
