import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AssetSettings } from '../../TwelveLabs/requests/assetUpload';
import type { ParameterScope } from '../../TwelveLabs/requests/invalidParameter';
import { invalidParameter } from '../../TwelveLabs/requests/invalidParameter';
import type { UserMetadata, UserMetadataPair } from '../../TwelveLabs/requests/userMetadata';
import { userMetadataFromJson, userMetadataFromPairs } from '../../TwelveLabs/requests/userMetadata';
import { withAssetId } from '../../TwelveLabs/responses/asset';
import { waitForAssetReady } from '../../TwelveLabs/transport/assetReady';

/** User metadata as key/value rows. */
export const userMetadataPairsField: INodeProperties = {
	displayName: 'User Metadata',
	name: 'userMetadata',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Metadata',
	default: {},
	description: 'Keys and values to store with the asset (text, numbers or booleans)',
	options: [
		{
			displayName: 'Metadata',
			name: 'values',
			values: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. team' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. marketing' },
			],
		},
	],
};

/** User metadata as one JSON object. */
export const userMetadataJsonField: INodeProperties = {
	displayName: 'User Metadata (JSON)',
	name: 'userMetadataJson',
	type: 'json',
	default: '{}',
	description: 'A flat object of keys and text, number or boolean values, e.g. {"team": "marketing", "season": 3}',
};

/** Settings of a new asset, shared by Create From URL and Upload. */
export const assetSettingsOptions: INodeProperties[] = [
	{
		displayName: 'Filename',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'e.g. keynote-2026.mp4',
		description: "The asset's name in TwelveLabs. By default it is taken from the file or URL.",
	},
	{
		displayName: 'Generate HLS',
		name: 'enableHls',
		type: 'boolean',
		default: false,
		description: 'Whether TwelveLabs should create an HLS stream of the video or audio for playback',
	},
	{
		displayName: 'Generate Thumbnail',
		name: 'enableThumbnail',
		type: 'boolean',
		default: false,
		description: 'Whether TwelveLabs should create thumbnail images',
	},
	userMetadataPairsField,
	userMetadataJsonField,
];

/** Waiting for `ready` after creating an asset. */
export function waitFields(operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Wait Until Ready',
			name: 'waitUntilReady',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait until TwelveLabs has processed the asset (status ready) before going on. Analysis needs a ready asset.',
			displayOptions: { show: { operation: [operation] } },
		},
		{ ...maxWaitField, displayOptions: { show: { operation: [operation], waitUntilReady: [true] } } },
	];
}

export const maxWaitField: INodeProperties = {
	displayName: 'Max Wait (Seconds)',
	name: 'maxWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 900,
	description: 'How long to wait for the asset to be ready before failing. Big files can take several minutes.',
};

interface AssetSettingsParameters extends IDataObject {
	filename?: string;
	enableHls?: boolean;
	enableThumbnail?: boolean;
	userMetadata?: { values?: UserMetadataPair[] };
	userMetadataJson?: string | IDataObject;
}

/** User metadata from the rows and the JSON, which may both be given but not for the same key. */
export function userMetadataOf(
	scope: ParameterScope,
	rows: { values?: UserMetadataPair[] } | undefined,
	json: unknown,
): UserMetadata {
	const fromJson = json === undefined ? {} : userMetadataFromJson(scope, 'User Metadata (JSON)', json);
	const fromRows = userMetadataFromPairs(scope, 'User Metadata', rows?.values);
	const twice = Object.keys(fromRows).find((key) => key in fromJson);
	if (twice !== undefined) {
		throw invalidParameter(scope, 'User Metadata', `the key "${twice}" is also in User Metadata (JSON)`, 'Give each key in one place only.');
	}
	return { ...fromJson, ...fromRows };
}

/** The asset settings of the Options collection. */
export function assetSettingsOf(ctx: IExecuteFunctions, itemIndex: number, options: AssetSettingsParameters): AssetSettings {
	const scope = { node: ctx.getNode(), itemIndex };
	const userMetadata = userMetadataOf(scope, options.userMetadata, options.userMetadataJson);
	return {
		filename: typeof options.filename === 'string' && options.filename.trim() ? options.filename.trim() : undefined,
		enableHls: options.enableHls,
		enableThumbnail: options.enableThumbnail,
		userMetadata: Object.keys(userMetadata).length > 0 ? userMetadata : undefined,
	};
}

/** The new asset as output, after waiting for it to be ready when the user asked to. */
export async function createdAssetOutput(ctx: IExecuteFunctions, itemIndex: number, asset: IDataObject): Promise<IDataObject> {
	const waitUntilReady = ctx.getNodeParameter('waitUntilReady', itemIndex, false) as boolean;
	if (!waitUntilReady) return withAssetId(asset);
	const maxWaitSeconds = ctx.getNodeParameter('maxWaitSeconds', itemIndex, 900) as number;
	const ready = await waitForAssetReady(ctx, String(asset._id ?? asset.id), {
		itemIndex,
		maxWaitMs: Math.max(1, Number(maxWaitSeconds) || 900) * 1000,
	});
	return withAssetId(ready);
}
