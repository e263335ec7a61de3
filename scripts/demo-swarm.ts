/**
 * npm run demo:swarm [-- --broken] [-- --json]
 *
 * A 3-engine Swarm on this machine (scripts/swarm.sh: private dockerds in network namespaces of
 * their own, one manager and two workers, a registry they pull from), the sample stack's regular
 * and Alpine images built and pushed, the regular stack deployed with replicas spread over the
 * nodes, then `alpinist rollout --yes` against the manager, its output printed as it comes (with
 * --json, its document). Everything is torn down at the end, on failure and on ctrl+c too.
 *
 * Exit: 0 when the outcome is the expected one (good: rollout exits 0 and every task is Alpine
 * and healthy; --broken: rollout exits 1 and every task is regular and running), 1 otherwise.
 */
import {execa} from 'execa';
import path from 'node:path';
import {SwarmClient, engineAt} from '../source/docker/swarm-client.js';
import {buildState, variantFrom} from '../source/flows/rollout/state.js';
import {swarmLeftovers} from '../test/helpers/swarm.js';
import {buildSampleImages, deploySample, publishSample, root, type SampleImages} from './swarm/sample.js';

const args = process.argv.slice(2);
const broken = args.includes('--broken');
const json = args.includes('--json');
const unknown = args.filter(arg => arg !== '--broken' && arg !== '--json');
if (unknown.length > 0) {
	process.stderr.write(`demo:swarm: unknown option ${unknown.join(' ')} (use --broken, --json)\n`);
	process.exit(2);
}

const name = `alpinist-demo-${process.pid}`;
const script = path.join(root, 'scripts/swarm.sh');
const say = (line: string) => process.stderr.write(`demo: ${line}\n`);
let images: SampleImages | undefined;
let up = false;

async function down(): Promise<void> {
	if (up) {
		say(`tearing down swarm ${name}`);
		const result = await execa('bash', [script, 'down', '--name', name], {reject: false});
		if (result.exitCode !== 0) say(`swarm.sh down failed:\n${result.stderr}`);
		up = false;
	}

	if (images) {
		await images.remove();
		images = undefined;
	}
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (interrupted) return;
		interrupted = true;
		say(`${signal}: cleaning up`);
		void down().finally(() => process.exit(130));
	});
}

function parseEnv(text: string): Record<string, string> {
	const values: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const match = /^([A-Z_]+)=(?:"([^"]*)"|(\S*))$/.exec(line.trim());
		if (match) values[match[1]!] = match[2] ?? match[3] ?? '';
	}

	return values;
}

async function main(): Promise<number> {
	await execa('npm', ['run', 'build', '--silent'], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']});
	say(`starting a 3-node swarm (${name})`);
	up = true;
	const started = await execa('bash', [script, 'up', '--name', name, '--nodes', '3'], {reject: false, stderr: 'inherit'});
	if (started.exitCode !== 0) throw new Error(`scripts/swarm.sh up failed (exit ${started.exitCode})`);
	const env = parseEnv(started.stdout);
	const manager = env.SWARM_MANAGER!;
	const registry = env.SWARM_REGISTRY!;
	const hosts = env.SWARM_NODES!.split(' ');
	const nodeNames = env.SWARM_NODE_NAMES!.split(' ');
	const nodeEngines = nodeNames.map((node, index) => `${node}=${hosts[index]}`).join(',');

	say(`building the sample's regular and Alpine images${broken ? ' (the Alpine backend with a failing health check)' : ''}`);
	images = await buildSampleImages(`alpinist-demo-${process.pid}`, {broken, log: say});
	say(`pushing them to the swarm's registry ${registry}`);
	await publishSample(images, async (image, reference) => (await execa('bash', [script, 'publish', image, reference, '--name', name])).stdout.trim(), 'sample', {brokenAsAlpine: broken});
	say('deploying the regular stack "sample" (3 replicas per service, spread over the nodes)');
	await deploySample({manager, registry, repo: 'sample', stack: 'sample'});

	say(`alpinist rollout --yes${json ? ' --json' : ''} (DOCKER_HOST=${manager})`);
	const rollout = await execa('node', [path.join(root, 'dist/cli.js'), 'rollout', '--stack', 'sample', '--yes', '--monitor', '10s', '--delay', '2s', ...(json ? ['--json'] : ['--plain'])], {
		cwd: root,
		env: {...process.env, DOCKER_HOST: manager, ALPINIST_SWARM_NODES: nodeEngines},
		reject: false,
		stdout: 'inherit',
		stderr: 'inherit',
	});
	say(`alpinist rollout exited ${rollout.exitCode}`);

	// What the manager says now, read independently of alpinist's own output.
	const client = new SwarmClient(engineAt(manager));
	const services = await client.stackServices('sample');
	const state = buildState({stack: 'sample', nodes: await client.nodes(), services, tasks: await client.tasks(services.map(service => service.id)), variantOf: variantFrom(services.map(service => service.image.replace(/:regular$/, ':alpine')))});
	const tasks = state.services.flatMap(service => service.tasks);
	const alpine = tasks.filter(task => task.variant === 'alpine' && task.state === 'running').length;
	const regular = tasks.filter(task => task.variant === 'regular' && task.state === 'running').length;
	say(`the manager says: ${alpine}/${tasks.length} tasks Alpine and running, ${regular}/${tasks.length} regular and running`);
	const expected = broken ? rollout.exitCode === 1 && regular === tasks.length : rollout.exitCode === 0 && alpine === tasks.length;
	say(expected ? `as expected (${broken ? 'exit 1, every task regular' : 'exit 0, every task Alpine'})` : `NOT as expected (${broken ? 'wanted exit 1 and every task regular' : 'wanted exit 0 and every task Alpine'})`);
	return expected ? 0 : 1;
}

let code = 1;
try {
	code = await main();
} catch (error) {
	say(`failed: ${(error as Error).message}`);
} finally {
	await down();
}

const left = await swarmLeftovers(name);
if (left.length > 0) {
	say(`left behind: ${left.join('; ')}`);
	code = 1;
} else say('nothing left behind: no namespace, engine, registry, mount, cgroup or link');
process.exit(code);
