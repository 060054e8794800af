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
			'Repeats: TwelveLabs sends a notification again when it got no 2xx in time. This node starts the workflow once per notification when the repeat reaches the same n8n process (also a replayed signature, refused after 5 minutes), and otherwise as far as the workflow\'s static data, saved by n8n after each delivery, tells it. Behind several webhook processes (queue mode), or after a restart, a repeat can still start a second execution: put a Remove Duplicates node right after this one, Operation "Remove Items Processed in Previous Executions", Dedupe Field <code>{{ $json.notificationId }}</code>, Context "Workflow". It keeps the IDs in n8n\'s database, shared by every process. The example "webhook-task-ready-once" does so.',
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
