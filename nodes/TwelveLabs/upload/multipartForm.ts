import { randomBytes } from 'crypto';

export interface FormFilePart {
	field: string;
	fileName: string;
	contentType: string;
}

/**
 * A multipart/form-data body around at most one file: `head` holds the text fields and the
 * file part's headers, `tail` closes the body. The file's bytes go between the two, so a
 * caller can stream them instead of holding them.
 */
export interface MultipartForm {
	contentType: string;
	head: Buffer;
	tail: Buffer;
}

/** Quotes a value for a Content-Disposition parameter (no CR/LF or quotes can break out). */
function quoted(value: string): string {
	return `"${value.replace(/[\r\n]+/g, ' ').replace(/(["\\])/g, '\\$1')}"`;
}

/** Only printable ASCII in the file part's name: the real name travels in the `filename` field. */
function asciiFileName(name: string): string {
	return name.replace(/[^\x20-\x7e]/g, '_') || 'upload';
}

export function multipartForm(fields: Array<[string, string]>, file?: FormFilePart): MultipartForm {
	const boundary = `----n8nTwelveLabs${randomBytes(12).toString('hex')}`;
	const parts = fields.map(
		([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`,
	);
	if (file) {
		parts.push(
			`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(file.field)}; filename=${quoted(asciiFileName(file.fileName))}\r\n` +
				`Content-Type: ${file.contentType.replace(/[\r\n]/g, '')}\r\n\r\n`,
		);
	}
	return {
		contentType: `multipart/form-data; boundary=${boundary}`,
		head: Buffer.from(parts.join(''), 'utf8'),
		tail: Buffer.from(`${file ? '\r\n' : ''}--${boundary}--\r\n`, 'utf8'),
	};
}
