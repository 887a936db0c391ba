import { expect } from 'vitest';
import type { BrowserContext, Page, WebSocket } from 'playwright-core';
import fs from 'node:fs';

/**
 * What the page really sent and the server acknowledged, read off the page's WebSockets: every
 * `capture:chunk` (a Socket.IO binary event: a text frame `51-/recording,ID[…]` then the PCM as a
 * binary frame) and its ack (`43/recording,ID[{ok:true…}]`). The server's WAV must hold exactly
 * those bytes: comparing with what the page captured, not with the microphone's source, fails on
 * real loss only, never because the fake device stalled on a busy machine (issue 16 #17).
 */
export interface CapturedChunk {
	sessionId: string;
	sampleIndex: number;
	channels: number;
	pcm: Buffer;
}

export class CaptureTap {
	private readonly sent = new Map<string, CapturedChunk>();
	private readonly acked = new Set<string>();
	private sockets = 0;

	/** Watches every page the context opens from now on (so no early socket is missed). */
	constructor(context: BrowserContext) {
		context.on('page', (page: Page) => page.on('websocket', (ws) => this.watch(ws)));
	}

	/** Chunks of a session the server acknowledged with ok, one per sample index. */
	acknowledged(sessionId: string): CapturedChunk[] {
		const byIndex = new Map<number, CapturedChunk>();
		for (const [key, chunk] of this.sent) {
			if (chunk.sessionId === sessionId && this.acked.has(key))
				byIndex.set(chunk.sampleIndex, chunk);
		}
		return [...byIndex.values()].sort((a, b) => a.sampleIndex - b.sampleIndex);
	}

	private watch(ws: WebSocket): void {
		const socket = this.sockets++;
		let pending: { key: string; meta: Omit<CapturedChunk, 'pcm'> } | null = null;
		ws.on('framesent', ({ payload }) => {
			if (typeof payload !== 'string') {
				if (pending) this.sent.set(pending.key, { ...pending.meta, pcm: Buffer.from(payload) });
				pending = null;
				return;
			}
			const m = /^451-\/recording,(\d+)(\[.*)$/s.exec(payload);
			if (!m) return;
			const [event, body] = JSON.parse(m[2]!) as [
				string,
				{ session_id: string; sample_index: number; channels: number },
			];
			if (event !== 'capture:chunk') return;
			pending = {
				key: `${socket}:${m[1]}`,
				meta: {
					sessionId: body.session_id,
					sampleIndex: body.sample_index,
					channels: body.channels,
				},
			};
		});
		ws.on('framereceived', ({ payload }) => {
			if (typeof payload !== 'string') return;
			const m = /^43\/recording,(\d+)(\[.*)$/s.exec(payload);
			if (!m) return;
			const [reply] = JSON.parse(m[2]!) as [{ ok?: boolean }];
			if (reply?.ok) this.acked.add(`${socket}:${m[1]}`);
		});
	}
}

/** The data chunk of a 16-bit WAV, as stored. */
function wavData(file: string): Buffer {
	const buf = fs.readFileSync(file);
	for (let at = 12; at + 8 <= buf.length; at += 8 + buf.readUInt32LE(at + 4)) {
		if (buf.toString('ascii', at, at + 4) === 'data') {
			return buf.subarray(at + 8, at + 8 + Math.min(buf.readUInt32LE(at + 4), buf.length - at - 8));
		}
	}
	throw new Error(`${file} has no data chunk`);
}

/**
 * The WAV holds exactly the acknowledged chunks, byte for byte and in place, and nothing past
 * them; the acknowledged chunks cover the recording without a hole.
 */
export function expectExactlyAcknowledged(file: string, chunks: CapturedChunk[]): void {
	expect(chunks.length, 'acknowledged chunks').toBeGreaterThan(0);
	const data = wavData(file);
	const frameBytes = 2 * chunks[0]!.channels;
	let covered = 0;
	for (const c of chunks) {
		expect(c.sampleIndex, `a hole before frame ${c.sampleIndex}`).toBeLessThanOrEqual(covered);
		covered = Math.max(covered, c.sampleIndex + c.pcm.length / frameBytes);
		const at = c.sampleIndex * frameBytes;
		const stored = data.subarray(at, at + c.pcm.length);
		expect(stored.equals(c.pcm), `chunk at frame ${c.sampleIndex} stored as sent`).toBe(true);
	}
	expect(data.length / frameBytes, 'frames in the WAV').toBe(covered);
}
