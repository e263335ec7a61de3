import {howToStartEngine} from '../../docker/connection.js';
import {classify} from '../../docker/engine-probe.js';
import type {CheckDefinition} from './types.js';

/** The engine answers: version, API version, where it was found. */
export const engineCheck: CheckDefinition = {
	id: 'engine',
	title: 'Docker engine',
	async run(env) {
		const snapshot = await env.engine();
		const {store} = env.context;
		if (!snapshot?.engine) {
			const {error, errorCode} = store.getSnapshot();
			const [said, ...fix] = howToStartEngine(store.endpoint, {code: errorCode, message: error}).split('\n');
			return {
				status: 'fail',
				value: classify(errorCode) === 'not-running' ? `no answer at ${store.endpoint.host} (${store.endpoint.source})${error ? `: ${error}` : ''}` : said,
				expected: 'an engine that answers',
				fix: fix.join(' '),
				data: {host: store.endpoint.host, source: store.endpoint.source, error},
			};
		}

		const engine = snapshot.engine;
		// Stats answer at once (one-shot) from API 1.41; older engines wait two samples.
		const [major, minor] = engine.apiVersion.split('.').map(Number);
		const oldApi = Number.isFinite(major) && (major < 1 || (major === 1 && minor < 41));
		return {
			status: oldApi ? 'warn' : 'pass',
			value: `${engine.flavour} ${engine.version} (API ${engine.apiVersion}) at ${engine.host}, cgroup v${engine.cgroupVersion}, ${engine.storageDriver}`,
			expected: 'an engine that answers (API ≥ 1.41 for one-shot stats)',
			fix: oldApi ? 'Upgrade the engine to Docker 20.10 or newer: memory readings take 2 s per container on older APIs.' : undefined,
			data: {...engine},
		};
	},
};

/** Compose is installed, v2 or v1, and which one alpinist will drive. */
export const composeCheck: CheckDefinition = {
	id: 'compose',
	title: 'Docker Compose',
	async run(env) {
		try {
			const cli = await env.context.compose();
			const command = [cli.command, ...cli.prefix].join(' ');
			return {
				status: 'pass',
				value: `${cli.version} ${cli.versionString} (${command})`,
				expected: 'Compose v2 (docker compose) or v1 (docker-compose)',
				detail: cli.version === 'v1' ? ['v1 has no `up --wait`: alpinist waits for health from the engine\'s events instead.'] : undefined,
				data: {...cli},
			};
		} catch (error) {
			return {
				status: 'fail',
				value: 'not found',
				expected: 'Compose v2 (docker compose) or v1 (docker-compose)',
				fix: 'Install the compose plugin (`apt-get install docker-compose-plugin`) or v1 (`apt-get install docker-compose`).',
				detail: [(error as Error).message],
			};
		}
	},
};
