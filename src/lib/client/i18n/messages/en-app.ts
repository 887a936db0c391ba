/** English: the home, sign-in and settings pages, and the recorder's own messages. */
export const enApp = {
	'home.description': 'Record meetings in your browser and transcribe them on your own server.',
	'home.heading': 'Your meetings, transcribed on your own machine',
	'home.lead':
		'MeetingScribe records your microphone and the meeting’s tab audio, and turns them into transcripts with Whisper, without sending audio to anyone else’s cloud.',
	'home.cta': 'Record a meeting',
	'home.cards': 'What you can do',
	'home.recordText':
		'Your microphone and, in Chrome or Edge, the meeting’s tab audio, as two channels.',
	'home.libraryText': 'Upload recordings; read, edit, search and export their transcripts.',
	'home.api': 'REST API',
	'home.apiText':
		'Everything the app does is available under {api}, and an OpenAI-compatible endpoint under {openai}.',
	'home.apiDocs': 'Try the API in its documentation',
	'home.realtime': 'Realtime',
	'home.realtimeText': 'Socket.IO at {path} streams recording, transcription and system events.',

	'login.title': 'Sign in',
	'login.open': 'This server does not ask for credentials: it only answers on this computer.',
	'login.go': 'Go to MeetingScribe',
	'login.signedIn': 'You are signed in.',
	'login.continue': 'Continue',
	'login.link': 'Sign this browser in with the link printed when the server started.',
	'login.key': 'API key',
	'login.keyHint':
		'Use a key you created, {env}, or open the sign-in link the server printed when it started. The browser then keeps a session cookie for 30 days.',
	'login.missing': 'Paste an API key.',
	'login.refused': '{message}',
	'login.rateLimited': 'Too many failed attempts: wait a minute, then try again.',

	'settings.title': 'Settings',
	'settings.lead': 'These settings are stored on the server and apply to everyone using it.',
	'settings.models': 'Models',
	'settings.modelsHint': 'download, delete and choose the default Whisper model.',
	'settings.loadFailed': 'The settings could not be loaded: {message}',
	'settings.loading': 'Loading settings…',
	'settings.model': 'Whisper model',
	'settings.modelHint':
		'The model new transcriptions use. One that is not installed yet must be downloaded in Models before it works. Larger models are more accurate and slower.',
	'settings.modelInstalled': 'Installed',
	'settings.modelNotInstalled': 'Not installed: download it in Models',
	'settings.language': 'Language',
	'settings.languageAuto': 'Detect automatically',
	'settings.languageHint':
		'A code such as “en” or “pt”, or a language name. Leave empty to detect it.',
	'settings.speaker': 'Your name in transcripts',
	'settings.speakerHint':
		'The speaker at the microphone; the tab’s audio is labelled as the other side.',
	'settings.logLevel': 'Server log level',
	'settings.speakers': 'Speakers in a channel (voice diarization)',
	'settings.speakersHint':
		'Used when a transcription does not say. Leave empty to find the number of voices automatically.',
	'settings.speakersAuto': 'auto (1–{max})',
	'settings.numSpeakers': 'Exactly',
	'settings.minSpeakers': 'At least',
	'settings.maxSpeakers': 'At most',
	'settings.save': 'Save settings',
	'settings.saving': 'Saving…',
	'settings.nothing': 'Nothing to save: no setting was changed.',
	'settings.saved': 'Saved: {fields}.',
	'settings.savedNothing': 'Saved (nothing changed).',

	'capture.micBlocked':
		'Microphone access is blocked. Allow it from the icon in the address bar, then try again.',
	'capture.micMissing': 'The chosen microphone is not available. Plug it in or pick another one.',
	'capture.micBusy': 'The microphone could not be opened: another application may be using it.',
	'capture.micFailed': 'The microphone could not be opened ({message}).',
	'capture.tabCancelled':
		'Tab sharing was cancelled. Start again and pick the meeting’s tab, or turn off tab audio.',
	'capture.tabFailed': 'The tab could not be shared ({message}).',
	'capture.tabSilent':
		'The shared tab has no audio. Share it again and tick “Share tab audio” in the picker.',
	'capture.insecure':
		'Recording needs a secure connection: open MeetingScribe over https or on localhost.',
	'capture.unsupported':
		'This browser cannot record audio. Use a recent Chrome, Edge, Firefox or Safari.',
	'capture.tabNote':
		'Chrome and Edge on a computer can share a tab’s audio: pick the meeting’s tab and tick “Share tab audio”. Whole-system audio is offered only on Windows and ChromeOS. Firefox and Safari cannot share audio.',
	'capture.tabNoteUnsupported':
		'This browser cannot share another tab’s audio: Firefox, Safari and phone browsers record the microphone only. Use Chrome or Edge on a computer to capture the meeting’s tab.',
	'capture.closeFailed': 'The recording could not be closed: {message}',
	'capture.micEnded':
		'The microphone went away (unplugged or blocked). The recording goes on with silence on its channel: stop and start again to use another microphone.',
	'capture.tabEnded':
		'Tab sharing stopped. The microphone is still recorded; the tab channel is silent from here on.',

	'live.catchingUp':
		'The live transcript fell behind and skipped {seconds} of audio to catch up. Nothing is lost: the whole recording is transcribed once you stop recording.',
	'live.catchingUpStart':
		'The live transcript fell behind and skips some audio to catch up. Nothing is lost: the whole recording is transcribed once you stop recording.',
} as const;
