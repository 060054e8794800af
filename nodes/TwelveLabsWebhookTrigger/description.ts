import type { INodeProperties } from 'n8n-workflow';

export const properties: INodeProperties[] = [
	{
		displayName:
			'TwelveLabs sends events to the URL registered on the Webhooks page of its Playground: add this node\'s Production URL there as an endpoint, then copy the endpoint\'s signing secret ("Reveal Secret") into the Webhook Signing Secret of the TwelveLabs credential. Deliveries without a valid signature are refused.',
		name: 'registrationNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName:
			'Repeats: TwelveLabs sends a notification again when it got no 2xx in time. This node starts the workflow once per notification: it answers a repeat that reaches the same n8n process from memory (a replayed signature is refused after 5 minutes), and one that reaches another process (queue mode: webhook processes, main) or comes after a restart from a log in the workflow\'s static data, kept 24 hours. Two copies arriving at the same moment at two processes can both pass, since n8n saves static data without a lock. To close that, put a Remove Duplicates node right after this one: Operation "Remove Items Processed in Previous Executions", Value to Dedupe On <code>{{ $json.notificationId }}</code>, option Scope "Workflow". It keeps the IDs in n8n\'s database, shared by every process. The example "webhook-task-ready-once" does so.',
		name: 'repeatsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Task Canceled',
				value: 'analyze.task.canceled',
				description: 'An analysis task was canceled',
			},
			{
				name: 'Task Failed',
				value: 'analyze.task.failed',
				description: 'An analysis task ended without results',
			},
			{
				name: 'Task Ready',
				value: 'analyze.task.ready',
				description: 'An analysis task finished with its results',
			},
		],
		default: ['analyze.task.ready', 'analyze.task.failed'],
		description: 'Which events start the workflow; other deliveries are acknowledged and ignored',
	},
	{
		displayName: 'Fetch Full Task',
		name: 'fetchFullTask',
		type: 'boolean',
		default: true,
		description:
			'Whether to retrieve the task (prompt, request parameters, parsed result) before starting the workflow. Otherwise the item holds only what the event carries.',
	},
];
