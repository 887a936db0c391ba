import { CAPTURE_SAMPLE_RATE } from '$lib/contracts/capture';
import { sessionApi } from '../capture';
import { describeDevices, listMicrophones, type MicrophoneOption } from '../capture';
import { startCaptureGraph, type CaptureGraph } from '../capture';
import { openOutboxStore } from '../capture';
import type { Level } from '../capture';
import type { LinkStatus } from '../capture';
import {
	openMicrophone,
	openTabAudio,
	stopStream,
	tabAudioSupport,
	type TabAudioSupport,
} from '../capture';
import type { SessionGate } from '../capture';
import { recordingSocket, sessionLocks } from '../capture';
import { Uplink, type FinishResult } from '../capture';
import { captureUnavailableReason, micErrorMessage, tabErrorMessage } from '../capture';
import { t } from '../i18n';

export type Phase = 'idle' | 'starting' | 'recording' | 'stopping' | 'done';

export interface LeftoverState {
	session_id: string;
	seconds: number;
	state: 'uploading' | 'saved' | 'failed';
	message: string | null;
}

const PREFS_KEY = 'meetingscribe.record';
interface Prefs {
	micId: string;
	captureTab: boolean;
	processing: boolean;
}

function loadPrefs(): Prefs {
	const defaults: Prefs = { micId: '', captureTab: false, processing: false };
	try {
		return {
			...defaults,
			...(JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as Partial<Prefs>),
		};
	} catch {
		return defaults;
	}
}

/**
 * The record page's state and actions. One per browser tab, kept across page navigations, so
 * that a recording goes on while the user looks at the library.
 */
export class Recorder {
	phase: Phase = $state('idle');
	error: string | null = $state(null);
	/** Something worth knowing that does not stop the recording. */
	notice: string | null = $state(null);
	unavailable: string | null = $state(null);
	link: LinkStatus = $state('connecting');
	mics: MicrophoneOption[] = $state([]);
	labelled = $state(false);
	micId = $state('');
	captureTab = $state(false);
	processing = $state(false);
	tabSupport: TabAudioSupport = $state({ supported: false, note: 'capture.tabNoteUnsupported' });
	levels: Level[] = $state([]);
	/** Frames (per channel, at the session's rate) recorded in the current session. */
	frames = $state(0);
	/** The current session's sample rate: the server says which (audio_sample_rate). */
	sampleRate = $state(CAPTURE_SAMPLE_RATE);
	channels: 1 | 2 = $state(1);
	sessionId: string | null = $state(null);
	/** Unacknowledged frames of the current session, and of all sessions. */
	pendingFrames = $state(0);
	pendingAllFrames = $state(0);
	unstored = $state(0);
	gate: SessionGate = $state({ state: 'waiting' });
	durable = $state(true);
	result: FinishResult | null = $state(null);
	leftovers: LeftoverState[] = $state([]);

	private uplink: Uplink | null = null;
	private graph: CaptureGraph | null = null;
	private mic: MediaStream | null = null;
	private tab: MediaStream | null = null;
	private seq = 0;
	private ready: Promise<void> | null = null;

	/** Opens the outbox and the link, and takes over what an earlier page left unsent. */
	init(): Promise<void> {
		this.ready ??= this.setup();
		return this.ready;
	}

	private async setup() {
		this.unavailable = captureUnavailableReason();
		this.tabSupport = tabAudioSupport();
		Object.assign(this, loadPrefs());
		if (!this.tabSupport.supported) this.captureTab = false;
		const store = await openOutboxStore();
		const uplink = new Uplink({
			clientId: crypto.randomUUID(),
			socket: recordingSocket(),
			store,
			api: sessionApi,
			locks: sessionLocks,
		});
		this.uplink = uplink;
		this.durable = uplink.durable;
		uplink.outbox.subscribe(() => this.sync());
		uplink.link.onStatus((s) => (this.link = s));
		uplink.start();
		navigator.mediaDevices?.addEventListener('devicechange', () => void this.refreshDevices());
		// Closing the tab ends the recording; what is stored uploads from the next page opened.
		addEventListener('beforeunload', (e) => {
			if (this.phase === 'recording' || this.phase === 'stopping') e.preventDefault();
		});
		await this.refreshDevices();
		for (const l of await uplink.recover()) {
			this.leftovers.push({
				session_id: l.session_id,
				seconds: l.frames / CAPTURE_SAMPLE_RATE,
				state: 'uploading',
				message: null,
			});
			l.done.then(
				(r) => this.settleLeftover(l.session_id, 'saved', r.note),
				(e: unknown) => this.settleLeftover(l.session_id, 'failed', String(e)),
			);
		}
	}

	private settleLeftover(id: string, state: LeftoverState['state'], message: string | null) {
		const l = this.leftovers.find((x) => x.session_id === id);
		if (l) Object.assign(l, { state, message });
	}

	private sync() {
		const outbox = this.uplink!.outbox;
		this.pendingAllFrames = outbox.pendingFrames();
		this.unstored = outbox.unstored;
		if (this.sessionId) {
			this.pendingFrames = outbox.pendingFrames(this.sessionId);
			this.gate = outbox.gate(this.sessionId);
		}
	}

	savePrefs() {
		const prefs: Prefs = {
			micId: this.micId,
			captureTab: this.captureTab,
			processing: this.processing,
		};
		localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
	}

	async refreshDevices() {
		try {
			const { mics, labelled } = await listMicrophones();
			this.mics = mics;
			this.labelled = labelled;
			if (this.micId && !mics.some((m) => m.deviceId === this.micId)) this.micId = '';
			await this.uplink?.link.announce(describeDevices(mics, this.tabSupport.supported));
		} catch {
			this.mics = [];
		}
	}

	/** Asks for the microphone permission only, so the device names can be shown. */
	async allowMicrophone() {
		this.error = null;
		try {
			stopStream(await openMicrophone(null, this.processing));
			await this.refreshDevices();
		} catch (e) {
			this.error = micErrorMessage(e);
		}
	}

	async start() {
		if (this.phase === 'starting' || this.phase === 'recording' || this.phase === 'stopping')
			return;
		await this.init();
		this.phase = 'starting';
		this.error = this.notice = null;
		this.result = null;
		this.frames = 0;
		this.savePrefs();
		try {
			try {
				this.mic = await openMicrophone(this.micId || null, this.processing);
			} catch (e) {
				throw new Error(micErrorMessage(e));
			}
			// Names and ids appear with the permission: the server learns them before the start.
			await this.refreshDevices();
			if (this.captureTab) {
				try {
					this.tab = await openTabAudio();
				} catch (e) {
					throw new Error(tabErrorMessage(e));
				}
			}
			this.watchTracks();
			this.channels = this.tab ? 2 : 1;
			const deviceId = this.mic.getAudioTracks()[0]?.getSettings().deviceId;
			const session = await this.uplink!.begin(this.channels, deviceId);
			const sessionId = session.session_id;
			this.sessionId = sessionId;
			this.sampleRate = session.sample_rate;
			this.seq = 0;
			this.sync();
			const channels = this.channels;
			this.graph = await startCaptureGraph({
				mic: this.mic,
				tab: this.tab,
				// The session says the rate it stores and the chunk length the server wants.
				outRate: session.sample_rate,
				chunkMs: (session.chunk_duration ?? 0.25) * 1000,
				onChunk: (c) => {
					this.frames = c.sample_index + c.frames;
					void this.uplink!.add({
						session_id: sessionId,
						seq: this.seq++,
						sample_index: c.sample_index,
						channels,
						pcm: c.pcm,
					});
				},
				onLevels: (l) => (this.levels = l),
			});
			this.phase = 'recording';
		} catch (e) {
			this.release();
			// A session opened on the server but never fed is closed again, empty.
			if (this.sessionId) void this.uplink!.finish(this.sessionId).catch(() => {});
			this.sessionId = null;
			this.error = e instanceof Error ? e.message : String(e);
			this.phase = 'idle';
		}
	}

	async stop() {
		if (this.phase !== 'recording' || !this.graph || !this.sessionId) return;
		this.phase = 'stopping';
		try {
			this.frames = await this.graph.stop();
			this.release();
			this.result = await this.uplink!.finish(this.sessionId);
		} catch (e) {
			this.error = t('capture.closeFailed', {
				message: e instanceof Error ? e.message : String(e),
			});
		} finally {
			this.release();
			this.phase = 'done';
		}
	}

	retryUpload() {
		if (this.sessionId) this.uplink?.link.retry(this.sessionId);
	}

	/** Gives up the current session's unsent audio, once the user confirmed it. */
	async discardUnsent() {
		if (this.sessionId) await this.uplink?.discard(this.sessionId);
	}

	private watchTracks() {
		this.mic?.getAudioTracks()[0]?.addEventListener('ended', () => {
			this.notice = t('capture.micEnded');
		});
		this.tab?.getAudioTracks()[0]?.addEventListener('ended', () => {
			this.notice = t('capture.tabEnded');
		});
	}

	private release() {
		stopStream(this.mic);
		stopStream(this.tab);
		this.mic = this.tab = null;
		this.graph = null;
		this.levels = [];
	}
}

let recorder: Recorder | null = null;

/** The tab's recorder (browser only). */
export function getRecorder(): Recorder {
	recorder ??= new Recorder();
	return recorder;
}
