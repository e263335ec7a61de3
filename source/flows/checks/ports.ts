import {stripControl} from '../../format.js';
import {judgePort, type PortProbe, worst} from './judge.js';
import {processHoldingPort, tryBind} from './port-holders.js';
import type {PortSpec} from './compose-model.js';
import type {CheckDefinition} from './types.js';

/** A port the kernel hands out now: a suggestion for moving a held one. */
async function freePort(): Promise<number | undefined> {
	const net = await import('node:net');
	return new Promise(resolve => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(undefined));
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
		});
	});
}

/** The host ports the Alpine stack publishes are free, or who holds them: a container (named) or a process. */
export const portsCheck: CheckDefinition = {
	id: 'ports',
	title: 'Ports of the Alpine stack',
	async run(env) {
		const file = await env.composeFile('alpine');
		if (!file || !file.exists || file.problems.length > 0) {
			return {status: 'skip', value: 'skipped: the Alpine compose file is missing or does not parse (see Compose files)'};
		}

		const wanted: Array<PortSpec & {service: string}> = file.services.flatMap(service => service.ports.map(port => ({...port, service: service.name})));
		if (wanted.length === 0) return {status: 'pass', value: 'the Alpine stack publishes no host ports', expected: 'every published host port free'};
		const snapshot = await env.engine();
		const own = [env.context.project.projectNames.alpine];
		const seen = new Map<string, string>();
		const rows = await Promise.all(
			wanted.map(async spec => {
				const key = `${spec.hostIp ?? '*'}:${spec.hostPort}/${spec.protocol}`;
				const twice = seen.get(`${spec.hostPort}/${spec.protocol}`);
				seen.set(`${spec.hostPort}/${spec.protocol}`, spec.service);
				const holder = snapshot?.containers.find(c => c.state === 'running' && c.ports.some(p => p.publicPort === spec.hostPort && p.type === spec.protocol));
				const bind = await tryBind(spec.hostPort, spec.protocol, spec.hostIp && spec.hostIp !== '0.0.0.0' ? spec.hostIp : '0.0.0.0');
				const probe: PortProbe = {
					port: spec.hostPort,
					protocol: spec.protocol,
					bindable: bind.ok,
					bindError: bind.ok ? undefined : bind.error,
					container: holder ? {name: stripControl(holder.name), project: holder.project} : undefined,
				};
				if (!bind.ok && !holder) probe.process = await processHoldingPort(spec.hostPort, spec.protocol);
				const verdict = twice
					? {status: 'fail' as const, reason: `published twice in the file (${twice} and ${spec.service})`, holder: twice, ours: false}
					: judgePort(probe, own);
				return {spec, key, verdict};
			}),
		);
		const status = worst(rows.map(row => row.verdict.status));
		const detail = rows.map(row => `${row.spec.service.padEnd(12)} ${row.key.padEnd(18)} ${row.verdict.reason}${row.spec.variables.length > 0 ? `  (set by ${row.spec.variables.join(', ')})` : ''}`);
		const held = rows.filter(row => row.verdict.status !== 'pass');
		const data = {ports: rows.map(row => ({service: row.spec.service, hostIp: row.spec.hostIp, port: row.spec.hostPort, protocol: row.spec.protocol, status: row.verdict.status, reason: row.verdict.reason, variables: row.spec.variables}))};
		if (held.length === 0) {
			return {status, value: `${rows.length} ports free: ${rows.map(row => `${row.spec.hostPort} (${row.spec.service})`).join(', ')}`, expected: 'every published host port free', detail, data};
		}

		const first = held[0];
		const suggestion = await freePort();
		const moves = held
			.filter(row => row.spec.variables.length > 0)
			.map(row => `${row.spec.variables[0]}=${suggestion ?? '<free port>'}`);
		const stop = held.find(row => row.verdict.holder?.startsWith('container '))?.verdict.holder?.slice('container '.length);
		const fix = [
			stop ? `Stop the container: docker stop ${stop}` : first.verdict.holder ? `Stop ${first.verdict.holder}` : undefined,
			moves.length > 0 ? `or move the port: set ${moves.join(', ')} in the shell or in the config's "env"` : undefined,
		]
			.filter(Boolean)
			.join(', ');
		return {
			status,
			value: held.map(row => `${row.spec.hostPort} (${row.spec.service}) ${row.verdict.reason}`).join('; '),
			expected: 'every published host port free',
			fix,
			detail,
			data,
		};
	},
};
