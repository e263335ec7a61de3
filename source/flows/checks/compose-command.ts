import type {CheckEnv} from './types.js';

/** How Compose is typed on this machine, for fix hints: `docker compose` (v2) or `docker-compose` (v1 only). */
export async function composeCommand(env: CheckEnv): Promise<string> {
	try {
		const cli = await env.context.compose();
		return [cli.command, ...cli.prefix].join(' ');
	} catch {
		return 'docker compose';
	}
}
