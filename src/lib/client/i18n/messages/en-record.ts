/** English: the record page and its live transcript. */
export const enRecord = {
	'record.title': 'Record',
	'record.loading': 'Loading the recorder…',
	'record.notDurable':
		'This browser does not let MeetingScribe store audio (a private window, perhaps). Audio not yet uploaded is lost if this tab closes.',
	'record.leftoverUploading':
		'Uploading {seconds} of audio left over from a recording that was interrupted (the page was closed or reloaded)…',
	'record.leftoverSaved': 'The interrupted recording is complete on the server',
	'record.leftoverFailed': 'The interrupted recording could not be finished: {message}',
	'record.openLibrary': 'Open the Library',
	'record.recording': 'Recording',
	'record.elapsed': 'Elapsed time',
	'record.microphone': 'Microphone',
	'record.tabAudio': 'Tab audio',
	'record.stop': 'Stop recording',
	'record.start': 'Start recording',
	'record.starting': 'Starting… allow the microphone.',
	'record.startingTab': 'Starting… allow the microphone and pick the meeting’s tab.',
	'record.recordingBoth': 'Recording microphone and tab audio.',
	'record.recordingMic': 'Recording the microphone.',
	'record.offline':
		'The server is unreachable: the audio is kept in this browser ({seconds} waiting) and uploads when it is back.',
	'record.waiting': '{seconds} waiting to upload.',
	'record.uploading': 'Uploading {seconds} of audio…',
	'record.waitServer':
		'Waiting for the server to come back; keep this tab open or reopen it later.',
	'record.saved': 'Saved',
	'record.finished': 'Recording finished',
	'record.refused': 'The server refuses this recording’s audio: {message}',
	'record.discard': 'Discard unsent audio',
	'record.discardConfirm':
		'Discard the audio that has not reached the server? It cannot be recovered.',
	'record.storageFull': {
		one: 'The browser’s storage is full: 1 piece of audio is held in memory only. Keep this tab open until it is uploaded.',
		other:
			'The browser’s storage is full: {count} pieces of audio are held in memory only. Keep this tab open until they are uploaded.',
	},
	'record.sources': 'Sources',
	'record.systemDefault': 'System default',
	'record.micNames': 'Microphone names appear once you allow access.',
	'record.allowMic': 'Allow microphone',
	'record.captureTab': 'Capture the meeting’s tab audio',
	'record.processing': 'Echo cancellation, noise suppression and automatic gain',
	'record.processingNote':
		'Off keeps the recording faithful, which transcribes best. Turn it on if you use speakers instead of headphones.',
	'live.heading': 'Live transcript',
	'live.badgeHint': 'Which transcript is shown',
	'live.live': 'Live',
	'live.refined': 'Refined',
	'live.refining': 'Refining the whole recording…',
	'live.behind': 'Transcript {seconds} behind',
	'live.follow': 'Follow the latest',
	'live.listening': 'Listening… text appears here as people speak.',
	'live.idle': 'The transcript appears here while you record.',
	'link.connecting': 'Connecting to the server…',
	'link.connected': 'Connected to the server',
	'link.offline': 'Server unreachable: audio is kept in this browser',
} as const;
