import type {ContainerInfo, Snapshot} from '../docker/types.js';
import {containerLogs} from '../docker/logs.js';
import {projectContainers} from '../docker/project-containers.js';
import type {FlowContext} from './types.js';

/**
 * Waiting for a stack to become healthy, from the store (which follows the engine's health_status
 * events): migrate, verify, bench, rollback and lifecycle all wait through this.
 */

export type ServiceHealth = {
	service: string;
	container?: string;
	state: string;
	health: string;
	/** ms from the start of the wait until healthy (monotonic clock). */
	readyAfterMs?: number;
};

export type WaitFailure = {
	service: string;
	container: string;
	reason: 'unhealthy' | 'exited' | 'timeout';
	exitCode?: number;
	/** The last health-check outputs (State.Health.Log). */
	healthOutput: string[];
	/** The last lines the container logged. */
	logs: string[];
};

export type WaitResult = {ok: true; services: ServiceHealth[]; elapsedMs: number} | {ok: false; services: ServiceHealth[]; failure: WaitFailure; elapsedMs: number};

function serviceReady(container: ContainerInfo | undefined, noHealthcheck: (container: ContainerInfo) => boolean): boolean {
	if (!container || container.state !== 'running') return false;
	// A service without a healthcheck is ready once running, as `compose up --wait` treats it. Health
	// reads 'none' for a moment after the start event too (before the inspect says 'starting'), so
	// 'none' counts only once an inspect has shown the container has no healthcheck.
	return container.health === 'healthy' || (container.health === 'none' && noHealthcheck(container));
}

/**
 * Waits until every service of the project is healthy by following the store (which follows the
 * engine's health_status events): no polling. Fails as soon as one turns unhealthy or exits, or
 * when a service passes its own timeout.
 */
export function waitHealthy(
	context: FlowContext,
	options: {
		projectName: string;
		services: string[];
		startedAt?: number;
		onChange?: (services: ServiceHealth[]) => void;
		/** Ids of containers from before this start (being replaced): they never count. */
		exclude?: string[];
	},
): Promise<WaitResult> {
	const {store, project, signal} = context;
	const started = options.startedAt ?? performance.now();
	const readyAt = new Map<string, number>();
	const timeoutFor = (service: string) => project.config.services[service]?.timeout ?? project.config.healthTimeout;
	const excluded = new Set(options.exclude ?? []);
	const containersOf = (snapshot: Snapshot) => projectContainers(snapshot, options.projectName).filter(container => !excluded.has(container.id));
	const withoutCheck = new Map<string, boolean>();
	let recheck = () => {};
	const noHealthcheck = (container: ContainerInfo): boolean => {
		const known = withoutCheck.get(container.id);
		if (known !== undefined) return known;
		withoutCheck.set(container.id, false);
		void context.docker
			.getContainer(container.id)
			.inspect()
			.then(data => {
				const test: string[] | undefined = data.Config?.Healthcheck?.Test;
				withoutCheck.set(container.id, !data.State?.Health && (!test || test.length === 0 || test[0] === 'NONE'));
				recheck();
			})
			.catch(() => withoutCheck.delete(container.id));
		return false;
	};

	return new Promise(resolve => {
		const timers: NodeJS.Timeout[] = [];
		let settled = false;
		let last = '';
		const view = (snapshot: Snapshot): ServiceHealth[] => {
			const containers = containersOf(snapshot);
			return options.services.map(service => {
				const container = containers.find(candidate => candidate.service === service);
				return {service, container: container?.name, state: container?.state ?? 'missing', health: container?.health ?? 'none', readyAfterMs: readyAt.get(service)};
			});
		};

		const finish = async (result: WaitResult | Promise<WaitResult>) => {
			if (settled) return;
			settled = true;
			unsubscribe();
			for (const timer of timers) clearTimeout(timer);
			signal.removeEventListener('abort', onAbort);
			resolve(await result);
		};

		const fail = async (service: string, reason: WaitFailure['reason'], container?: ContainerInfo): Promise<WaitResult> => {
			const services = view(store.getSnapshot());
			const failure = await describeFailure(context, service, reason, container);
			return {ok: false, services, failure, elapsedMs: performance.now() - started};
		};

		const check = () => {
			if (settled) return;
			const snapshot = store.getSnapshot();
			const containers = containersOf(snapshot);
			for (const service of options.services) {
				const container = containers.find(candidate => candidate.service === service);
				if (!container) continue;
				// Exited first: the engine marks a stopped container's health "unhealthy" too (with no
				// health_status event), so an exit seen with its inspect is still an exit.
				if (container.state === 'exited' || container.state === 'dead') return void finish(fail(service, 'exited', container));
				if (container.health === 'unhealthy') return void finish(fail(service, 'unhealthy', container));
				if (serviceReady(container, noHealthcheck) && !readyAt.has(service)) readyAt.set(service, performance.now() - started);
			}

			const services = view(snapshot);
			const key = JSON.stringify(services);
			if (key !== last) {
				last = key;
				options.onChange?.(services);
			}

			if (options.services.every(service => readyAt.has(service))) {
				void finish({ok: true, services, elapsedMs: Math.max(...services.map(s => s.readyAfterMs ?? 0))});
			}
		};

		recheck = check;
		const onAbort = () => void finish(fail(options.services.find(s => !readyAt.has(s)) ?? options.services[0], 'timeout'));
		const unsubscribe = store.subscribe(check);
		signal.addEventListener('abort', onAbort, {once: true});
		for (const service of options.services) {
			const timer = setTimeout(() => {
				if (!readyAt.has(service)) {
					const container = containersOf(store.getSnapshot()).find(c => c.service === service);
					void finish(fail(service, 'timeout', container));
				}
			}, Math.max(0, timeoutFor(service) - (performance.now() - started)));
			timers.push(timer);
		}

		check();
	});
}

async function describeFailure(context: FlowContext, service: string, reason: WaitFailure['reason'], container?: ContainerInfo): Promise<WaitFailure> {
	if (!container) return {service, container: '(none)', reason, healthOutput: [], logs: []};
	const [fresh, logs] = await Promise.all([
		context.docker
			.getContainer(container.id)
			.inspect()
			.catch(() => undefined),
		containerLogs(context, container.id, 20),
	]);
	const healthLog: any[] = fresh?.State?.Health?.Log ?? [];
	return {
		service,
		container: container.name,
		reason,
		exitCode: fresh?.State?.ExitCode ?? container.exitCode,
		healthOutput: healthLog.slice(-3).map(entry => `exit ${entry.ExitCode}: ${String(entry.Output ?? '').trim()}`),
		logs,
	};
}
