import {composeForVariant, projectContainers} from './stack.js';
import {recordedStep} from './recorded-step.js';
import type {BaseEvent, FlowContext} from './types.js';

/**
 * Where the regular and the Alpine stacks publish the same host ports (as an Alpine file written
 * by `init` does), the Alpine one cannot start beside the regular one: the regular stack is
 * stopped first, as the guide's "clean, then start --alpine", after saying so (and asking, in the
 * wizard). Its containers and volumes are kept: `alpinist rollback --emergency` starts it again.
 */

export type PortClash = {ports: number[]; containers: string[]};

/** Host ports the compose config (`docker compose config` JSON) publishes. */
export function publishedPorts(config: any): number[] {
	const ports = new Set<number>();
	for (const service of Object.values<any>(config?.services ?? {})) {
		for (const port of service?.ports ?? []) {
			const published = typeof port === 'object' ? port.published : String(port).split(':').at(-2);
			const number = Number.parseInt(String(published ?? ''), 10);
			if (Number.isInteger(number) && number > 0) ports.add(number);
		}
	}

	return [...ports].sort((a, b) => a - b);
}

export function regularPortClash(context: FlowContext, alpinePorts: number[]): PortClash | undefined {
	const wanted = new Set(alpinePorts);
	const running = projectContainers(context.store.getSnapshot(), context.project.projectNames.regular).filter(container => container.state === 'running');
	const ports = new Set<number>();
	const containers: string[] = [];
	for (const container of running) {
		const held = container.ports.map(port => port.publicPort).filter((port): port is number => port !== undefined && wanted.has(port));
		if (held.length === 0) continue;
		for (const port of held) ports.add(port);
		containers.push(container.name);
	}

	return containers.length === 0 ? undefined : {ports: [...ports].sort((a, b) => a - b), containers};
}

export async function* stopRegularForPorts(context: FlowContext, clash: PortClash): AsyncGenerator<BaseEvent, boolean, void> {
	const regular = context.project.projectNames.regular;
	yield {
		type: 'message',
		level: 'warn',
		text: `The regular stack ${regular} publishes the same host ports as the Alpine one (${clash.ports.join(', ')}): it is stopped first, as the guide's "clean, then start --alpine" (its containers and volumes are kept; \`alpinist rollback --emergency\` starts it again).`,
	};
	if (context.dryRun) return true;
	const yes = await context.confirm({title: `Stop the regular stack ${regular} (it holds ports ${clash.ports.join(', ')})`, items: clash.containers.map(name => `stop ${name}`), action: 'stop it', destructive: false});
	if (!yes) return false;
	const stopped = yield* recordedStep(context, 'migrate.stop-regular', 'Stop the regular stack (same host ports)', async () => {
		const compose = await composeForVariant(context, 'regular');
		const result = await compose.run(['stop'], {signal: context.signal});
		if (result.exitCode !== 0) return {status: 'fail', summary: `${compose.describe(['stop'])} exited ${result.exitCode}`, detail: result.stderr.split('\n').slice(-10)};
		return {status: 'pass', summary: `${clash.containers.length} container${clash.containers.length === 1 ? '' : 's'} of ${regular} stopped, ports ${clash.ports.join(', ')} free`};
	}, {record: false});
	return stopped.status === 'pass';
}
