import type { ExportFormat } from '../../../contracts/files';
import type { ExportDocument } from '../../transcription';

export type { ExportDocument };

export interface ExportOptions {
	includeMetadata: boolean;
	includeTimestamps: boolean;
}

export type ExportOutput = string | Buffer;

/** One format: a pure function from a document to its bytes, and how to serve them. */
export interface ExportFormatModule {
	format: ExportFormat;
	extension: string;
	contentType: string;
	render(doc: ExportDocument, options: ExportOptions): ExportOutput | Promise<ExportOutput>;
}
