import {stripControl} from '../../format.js';
import {judgePort, passingPortsValue, type PortProbe, worst} from './judge.js';
import {processHoldingPort, tryBind} from './port-holders.js';
import type {PortSpec} from './compose-model.js';
import type {CheckDefinition} from './types.js';

/** Ports the kernel hands out now, distinct (held together, then released): suggestions for moving held ones. */
async function freePorts(count: number): Promise<number[]> {
	const net = await import('node:net');
	const servers = await Promise.all(
		Array.from({length: count}, () => new Promise<import('node:net').Server | undefined>(resolve => {
			const server = net.createServer();
			server.unref();
			server.once('error', () => resolve(undefined));
			server.listen(0, '127.0.0.1', () => resolve(server));
		})),
	);
	const ports = servers.map(server => {
		const address = server?.address();
		return typeof address === 'object' && address ? address.port : undefined;
	});
	await Promise.all(servers.map(server => new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)))));
	return ports.filter((port): port is number => port !== undefined);
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
					? {status: 'fail' as const, reason: `published twice in the file (${twice} and ${spec.service})`, holder: undefined, ours: false}
					: judgePort(probe, own, [env.context.project.projectNames.regular]);
				return {spec, key, verdict};
			}),
		);
		const status = worst(rows.map(row => row.verdict.status));
		const detail = rows.map(row => `${row.spec.service.padEnd(12)} ${row.key.padEnd(18)} ${row.verdict.reason}${row.spec.variables.length > 0 ? `  (set by ${row.spec.variables.join(', ')})` : ''}`);
		const held = rows.filter(row => row.verdict.status !== 'pass');
		const data = {ports: rows.map(row => ({service: row.spec.service, hostIp: row.spec.hostIp, port: row.spec.hostPort, protocol: row.spec.protocol, status: row.verdict.status, reason: row.verdict.reason, variables: row.spec.variables}))};
		if (held.length === 0) {
			const value = passingPortsValue(rows.map(row => ({port: row.spec.hostPort, service: row.spec.service, verdict: row.verdict})));
			return {status, value, expected: 'every published host port free, or held by this stack', detail, data};
		}

		const movable = held.filter(row => row.spec.variables.length > 0);
		const suggestions = await freePorts(movable.length);
		const moves = movable.map((row, index) => `${row.spec.variables[0]}=${suggestions[index] ?? '<free port>'}`);
		const stop = [...new Set(held.filter(row => row.verdict.holder?.startsWith('container ')).map(row => row.verdict.holder!.slice('container '.length)))];
		const other = held.find(row => row.verdict.holder && !row.verdict.holder.startsWith('container '))?.verdict.holder;
		const fix = [
			stop.length > 0 ? `Stop the ${stop.length === 1 ? 'container' : 'containers'}: docker stop ${stop.join(' ')}` : undefined,
			other ? `stop ${other}` : undefined,
			moves.length > 0 ? `or move ${moves.length === 1 ? 'it' : 'them'}: set ${moves.join(', ')} in the shell or in the config's "env"` : undefined,
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
