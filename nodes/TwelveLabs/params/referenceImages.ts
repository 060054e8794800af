import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { binaryAsBase64, readBinaryInput } from '../execution/binaryInput';
import type { ReferenceImageInput } from '../requests/prompt';
import { parameterText } from './parameterText';
import { alphabetical } from './propertyLayout';

export interface ReferenceImagesOptions {
	/** What the images are for where they are used. */
	description: string;
	/** Put before the row's Name and Source, e.g. "Image " where the rows sit among prompt settings. */
	labelPrefix: string;
	/** What the image's name is for. */
	nameDescription: string;
	/** List the row's values by display name (as the prompt block always has) instead of name first. */
	alphabeticalValues: boolean;
	displayOptions?: IDisplayOptions;
}

/**
 * The reference images collection `referenceImages.images`, rows of
 * {name, source, url, assetId, binaryPropertyName}, read with `referenceImageInputs`.
 */
export function referenceImagesProperty(options: ReferenceImagesOptions): INodeProperties {
	const values = referenceImageValues(options);
	return {
		displayName: 'Reference Images',
		name: 'referenceImages',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Reference Image',
		default: {},
		description: options.description,
		...(options.displayOptions ? { displayOptions: options.displayOptions } : {}),
		options: [{ displayName: 'Image', name: 'images', values: options.alphabeticalValues ? alphabetical(values) : values }],
	};
}

function referenceImageValues(options: ReferenceImagesOptions): INodeProperties[] {
	return [
		{
			displayName: `${options.labelPrefix}Name`,
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. logo',
			description: options.nameDescription,
		},
		{
			displayName: `${options.labelPrefix}Source`,
			name: 'source',
			type: 'options',
			options: [
				{ name: 'Asset ID', value: 'assetId', description: 'An image stored in TwelveLabs' },
				{ name: 'Binary File', value: 'binary', description: 'An image on the input item, up to 30 MB (30,000,000 bytes)' },
				{ name: 'URL', value: 'url', description: 'A public HTTPS link to the image' },
			],
			default: 'url',
		},
		{
			displayName: 'Image URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://cdn.example.com/logo.png',
			displayOptions: { show: { source: ['url'] } },
		},
		{
			displayName: 'Asset ID',
			name: 'assetId',
			type: 'string',
			default: '',
			displayOptions: { show: { source: ['assetId'] } },
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: 'The name of the input field containing the binary file data',
			displayOptions: { show: { source: ['binary'] } },
		},
	];
}

/** One reference image row as the node parameter holds it. */
export interface ReferenceImageParameter {
	name?: string;
	source?: string;
	url?: string;
	assetId?: string;
	binaryPropertyName?: string;
}

export interface ReferenceImageInputs {
	/** The images for the request rules; one from a binary is an empty stand-in until read. */
	images: ReferenceImageInput[];
	/** Image name -> input binary field, for the images given as binaries. */
	binaryFields: Map<string, string>;
}

/** The rows as the request rules take them; no binary is read yet. */
export function referenceImageInputs(rows: ReferenceImageParameter[]): ReferenceImageInputs {
	const binaryFields = new Map<string, string>();
	const images = rows.map((row): ReferenceImageInput => {
		const name = parameterText(row.name).trim();
		if (row.source === 'assetId') return { name, source: 'assetId', assetId: parameterText(row.assetId) };
		if (row.source === 'binary') {
			binaryFields.set(name, parameterText(row.binaryPropertyName));
			return { name, source: 'binary', base64: '' };
		}
		return { name, source: 'url', url: parameterText(row.url) };
	});
	return { images, binaryFields };
}

/**
 * Puts the bytes of the binary images into the checked `media_sources`, once every rule passed.
 * `parameter` names the images in errors, e.g. "Reference Images".
 */
export async function readReferenceImages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	mediaSources: IDataObject[],
	binaryFields: Map<string, string>,
): Promise<void> {
	for (const source of mediaSources) {
		const name = String(source.name);
		const propertyName = binaryFields.get(name);
		if (propertyName === undefined) continue;
		const label = `${parameter} › ${name} › Input Binary Field`;
		const binary = await readBinaryInput(ctx, itemIndex, label, propertyName);
		source.base64_string = await binaryAsBase64(
			ctx,
			itemIndex,
			binary,
			label,
			'Upload the image with the TwelveLabs Asset node and give it by Asset ID, or give a URL.',
		);
	}
}
