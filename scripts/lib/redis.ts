/**
 * A throwaway Redis (Debian's `redis-server`) on 127.0.0.1 and a free port, without persistence,
 * run from its own folder (its working directory, which is how a later run recognises a leftover:
 * redis rewrites its command line to `redis-server 127.0.0.1:<port>`).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { freePort, Service, sleep, tailOf } from './process';

export const REDIS_SERVER = '/usr/bin/redis-server';

export class RedisServer {
	private constructor(
		private readonly service: Service,
		readonly port: number,
		readonly logFile: string,
	) {}

	get pid(): number | undefined {
		return this.service.child.pid;
	}

	/** What n8n needs to reach the queue. */
	get n8nEnv(): NodeJS.ProcessEnv {
		return { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.port) };
	}

	static async start(folder: string): Promise<RedisServer> {
		if (!fs.existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: run ensureQueueServices() or apt-get install redis-server`);
		fs.mkdirSync(folder, { recursive: true });
		const port = await freePort();
		const logFile = path.join(folder, 'redis.log');
		const service = new Service(
			'redis',
			REDIS_SERVER,
			['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder, '--daemonize', 'no'],
			{ cwd: folder, logFile },
		);
		const server = new RedisServer(service, port, logFile);
		const deadline = Date.now() + 20_000;
		while (!(await server.ping())) {
			if (!service.running || Date.now() > deadline) {
				await service.stop();
				throw new Error(`redis-server did not answer PING on port ${port}:\n${tailOf(logFile, 20)}`);
			}
			await sleep(100);
		}
		return server;
	}

	/** Whether it answers PING with PONG. */
	async ping(): Promise<boolean> {
		return await new Promise((resolve) => {
			const socket = net.connect({ port: this.port, host: '127.0.0.1' });
			let answer = '';
			socket.setTimeout(2_000, () => socket.destroy());
			socket.once('connect', () => socket.write('PING\r\n'));
			socket.on('data', (chunk: Buffer) => {
				answer += chunk.toString();
				if (answer.includes('\r\n')) socket.end();
			});
			socket.once('close', () => resolve(answer.startsWith('+PONG')));
			socket.once('error', () => resolve(false));
		});
	}

	async stop(): Promise<void> {
		await this.service.stop(5_000);
	}
}
