/**
 * TwelveLabs documents its limits in MB. Where that could mean MB or MiB, the node keeps to the
 * bound the live API cannot refuse: 30,000,000 bytes inline, 200,000,000 bytes direct upload.
 */
import { fitsInline } from '../../nodes/TwelveLabs/execution/binaryInput';
import { uploadMethodFor } from '../../nodes/TwelveLabs/requests/assetUpload';
import { errorOf, nodeNamed } from '../support/nodeStub';

const scope = { node: nodeNamed('Asset'), itemIndex: 0 };

function inline(bytes: number): boolean {
	return fitsInline({ propertyName: 'data', binary: { data: '', mimeType: 'video/mp4' }, bytes });
}

function method(size: number, allowMultipart = true) {
	return uploadMethodFor(scope, { parameter: 'Input Binary Field', fileName: 'a.mp4', size, allowMultipart, multipartParameter: 'Multipart Upload' });
}

describe('media size limits in decimal MB', () => {
	it('sends inline only up to 30,000,000 bytes', () => {
		expect(inline(30_000_000)).toBe(true);
		expect(inline(30_000_001)).toBe(false);
	});

	it('uploads directly only up to 200,000,000 bytes, larger in chunks', () => {
		expect(method(200_000_000)).toBe('direct');
		expect(method(200_000_001)).toBe('multipart');
	});

	it('a file just over 200,000,000 bytes with multipart off names the exact limit', () => {
		expect(errorOf(() => method(200_000_001, false)).message).toBe(
			'Multipart Upload: is off, and the file "a.mp4" is 190.7 MiB (200,000,001 bytes), over the 200 MB (200,000,000 bytes) limit of direct uploads',
		);
	});
});
