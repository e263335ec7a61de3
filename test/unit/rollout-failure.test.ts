import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {SwarmClient} from '../../source/docker/swarm-client.js';
import {fromNode, fromService, fromTask} from '../../source/docker/swarm.js';
import {describeFailure, explainFailure} from '../../source/flows/rollout/failure.js';

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/swarm', name), 'utf8'));

/** The manager's recorded answers after Swarm rolled a failing canary back (one node, its engine not reachable). */
const recorded = {
	tasks: async () => (fixture('tasks-rolled-back.json') as any[]).map(fromTask),
	nodes: async () => (fixture('nodes.json') as any[]).map(fromNode),
} as unknown as SwarmClient;

describe("why Swarm rolled back, from the manager's answers", () => {
	const service = {...fromService(fixture('service-rolled-back.json')), updateState: 'rollback_started' as const};
	const message = 'update rolled back due to failure or early termination of task sby409yjf0nprcymwzg2xp0pt';

	it('names the task, its node and its state, and says the probe output needs the node engine', async () => {
		const failure = await explainFailure(recorded, new Map(), service, 'canary', message);
		expect(failure).toMatchObject({kind: 'canary', service: 'backend', task: 'sby409yjf0nprcymwzg2xp0pt', node: 'vm', swarm: message});
		expect(failure.error).toBe('task state complete');
		expect(failure.missing).toBe('the last health probe is not known: the engine of vm is not reachable from here');
		expect(describeFailure(failure)).toEqual([`backend: task sby409yjf0np on vm failed (task state complete)`, `Swarm: ${message}`, failure.missing]);
	});

	it('says what Swarm said when it names no task', async () => {
		const failure = await explainFailure(recorded, new Map(), service, 'update', 'update paused');
		expect(failure).toMatchObject({kind: 'update', message: 'backend: update paused'});
		expect(failure.task).toBeUndefined();
	});
});
