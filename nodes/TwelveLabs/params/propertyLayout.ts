import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** A block's own display options with `show` conditions added, e.g. the field of one choice. */
export function withShow(displayOptions: IDisplayOptions | undefined, show: IDisplayOptions['show']): IDisplayOptions {
	return { ...displayOptions, show: { ...displayOptions?.show, ...show } };
}

/**
 * The properties sorted by display name, the order n8n's lint asks of fixed-collection values
 * (the blocks first written inline keep it, so the editor shows them as before).
 */
export function alphabetical(properties: INodeProperties[]): INodeProperties[] {
	return [...properties].sort((a, b) => a.displayName.localeCompare(b.displayName));
}
