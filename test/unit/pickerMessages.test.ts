import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { assetIdLocator } from '../../nodes/TwelveLabs/params/assetId';
import { taskIdLocator } from '../../nodes/TwelveLabsAsyncTask/params/taskId';
import { videoFromUrl } from '../../nodes/TwelveLabs/requests/video';
import { errorOf, nodeNamed } from '../support/nodeStub';

const scope = { node: nodeNamed('Analyze'), itemIndex: 0 };

/** The issues the editor shows under a locator for the given mode and value. */
function issuesFor(locator: INodeProperties, mode: string, value: string): string[] {
	const issues = NodeHelpers.getParameterIssues(
		locator,
		{ [locator.name]: { __rl: true, mode, value } },
		'',
		nodeNamed('Node'),
		null,
	);
	return issues.parameters?.[locator.name] ?? [];
}

function mode(locator: INodeProperties, name: string): INodePropertyMode {
	const found = locator.modes?.find((m) => m.name === name);
	if (!found) throw new Error(`no ${name} mode`);
	return found;
}

describe('picker and ID messages read as English', () => {
	it('an empty task ID is only "required", never "has no spaces"', () => {
		const issues = issuesFor(taskIdLocator(), 'id', '');
		expect(issues.join(' ')).not.toMatch(/no spaces/);
		expect(issuesFor(taskIdLocator(), 'id', 'a b')).toEqual(['A task ID has no spaces']);
	});

	it('uses "an" before a vowel: "An asset ID", "Select an asset..."', () => {
		expect(issuesFor(assetIdLocator(), 'id', 'a b')).toEqual(['An asset ID has no spaces']);
		expect(mode(assetIdLocator(), 'list').placeholder).toMatch(/^Select an asset/);
		expect(mode(taskIdLocator(), 'list').placeholder).toMatch(/^Select a task/);
	});

	it('a number in Video URL says it must be text and what arrived', () => {
		const error = errorOf(() => videoFromUrl(scope, 12345));
		expect(error.message).toBe('Video URL: must be text, but the expression gave the number 12345');
		expect(errorOf(() => videoFromUrl(scope, { url: 'x' })).message).toBe('Video URL: must be text, but the expression gave an object');
		expect(errorOf(() => videoFromUrl(scope, '')).message).toBe('Video URL: is empty');
		expect(errorOf(() => videoFromUrl(scope, undefined)).message).toBe('Video URL: is empty');
	});
});
