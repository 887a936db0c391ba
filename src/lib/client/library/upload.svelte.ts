import { errorEnvelopeSchema } from '$lib/contracts/errors';

export type UploadState = 'uploading' | 'done' | 'failed';

/** One file on its way to the server: XMLHttpRequest, because fetch reports no upload progress. */
export class Upload {
	progress = $state(0);
	state: UploadState = $state('uploading');
	/** The server's reason (or the network's) when the file was refused. */
	error: string | null = $state(null);
	readonly id = crypto.randomUUID();
	private xhr = new XMLHttpRequest();

	constructor(readonly file: File) {}

	start(onDone: () => void): void {
		const xhr = this.xhr;
		const form = new FormData();
		form.append('file', this.file, this.file.name);
		// Word times let the transcript highlight words as the audio plays.
		form.append('word_timestamps', 'true');
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) this.progress = e.loaded / e.total;
		};
		xhr.onload = () => {
			if (xhr.status >= 200 && xhr.status < 300) {
				this.progress = 1;
				this.state = 'done';
			} else {
				this.fail(reason(xhr.responseText, xhr.status));
			}
			onDone();
		};
		xhr.onerror = () => {
			this.fail(null);
			onDone();
		};
		xhr.open('POST', '/api/v1/transcription/start');
		xhr.send(form);
	}

	private fail(message: string | null): void {
		this.state = 'failed';
		this.error = message;
	}
}

function reason(text: string, status: number): string {
	try {
		const env = errorEnvelopeSchema.safeParse(JSON.parse(text));
		if (env.success) return env.data.message;
	} catch {
		// Not JSON: a proxy's page; the status says enough.
	}
	return `HTTP ${status}`;
}
