// Measures the emergency rollback of the bundled sample stack on this engine: N times, the Alpine
// stack runs healthy and the regular one is down (its images built), then the rollback flow stops
// Alpine, starts regular, waits until healthy and verifies. Times come from the flow itself
// (monotonic clock, from the confirmation on). Everything runs under a unique compose project
// name with host ports picked by the engine, and is removed at the end.
//
//   npx tsx scripts/bench-rollback.ts [--runs 5] [--json]
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createContext} from '../source/flows/context.js';
import {rollbackFlow} from '../source/flows/rollback/index.js';
import {composeForVariant, composeServices, waitHealthy} from '../source/flows/stack.js';
import {collect} from '../source/flows/drain.js';
import type {FlowContext, StepEvent} from '../source/flows/types.js';
import {discoverProject, type Variant} from '../source/project/discover.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
const json = args.includes('--json');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => process.stderr.write(`${line}\n`);

for (const variant of ['REGULAR', 'ALPINE']) for (const service of ['BACKEND', 'AUTH', 'FRONTEND']) process.env[`ALPINIST_${variant}_${service}_PORT`] = '0';
const project = discoverProject({dir: root});
const unique = `bench-rollback-${process.pid}`;
project.name = unique;
project.projectNames = {regular: unique, alpine: `${unique}-alpine`, alpineTest: `${unique}-alpine-test`};
const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-bench-'));
const context: FlowContext = createContext({project, stateDir, confirm: async () => true});

async function compose(variant: Variant, rest: string[]) {
	const result = await (await composeForVariant(context, variant)).run(rest);
	if (result.exitCode !== 0) throw new Error(`${result.command}: ${result.stderr}`);
}

async function alpineHealthy() {
	await compose('alpine', ['up', '-d']);
	const alpine = await composeForVariant(context, 'alpine');
	const wait = await waitHealthy(context, {projectName: alpine.projectName, services: await composeServices(alpine)});
	if (!wait.ok) throw new Error(`the Alpine stack did not turn healthy: ${wait.failure.reason} ${wait.failure.service}`);
}

type Sample = {durationMs: number; healthyAfterMs: number; servingAfterMs: number; stopMs: number; startMs: number};

function stats(values: number[]) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return {min: sorted[0], median, max: sorted.at(-1)!};
}

const samples: Sample[] = [];
try {
	await context.store.start();
	log(`building the sample stack's regular and Alpine images as ${unique}…`);
	await compose('regular', ['build']);
	await compose('alpine', ['build']);
	for (let run = 1; run <= runs; run++) {
		await compose('regular', ['down']);
		await alpineHealthy();
		const {events, value: outcome} = await collect(rollbackFlow(context, {mode: 'emergency'}));
		if (!outcome.ok || !outcome.data) throw new Error(`run ${run}: ${outcome.summary}`);
		const result = outcome.data;
		const stepMs = (id: string) => events.find((event): event is StepEvent => event.type === 'step' && event.id === id && event.status !== 'running')?.durationMs ?? Number.NaN;
		const sample = {durationMs: result.durationMs!, healthyAfterMs: result.healthyAfterMs!, servingAfterMs: result.servingAfterMs!, stopMs: stepMs('stop'), startMs: stepMs('start')};
		samples.push(sample);
		log(`run ${run}/${runs}: ${Math.round(sample.durationMs)} ms in all, serving after ${Math.round(sample.servingAfterMs)} ms`);
	}
} finally {
	for (const variant of ['regular', 'alpine'] as const) await (await composeForVariant(context, variant)).down({volumes: true}).catch(() => {});
	const images = await context.docker.listImages();
	for (const tag of images.flatMap(image => image.RepoTags ?? [])) if (tag.startsWith(`${unique}`)) await context.docker.getImage(tag).remove().catch(() => {});
	context.store.stop();
	rmSync(stateDir, {recursive: true, force: true});
}

const engine = context.store.getSnapshot().engine;
const summary = {
	what: 'emergency rollback of the sample stack: stop Alpine, up -d regular (images built, containers absent), wait healthy from engine events, check endpoints, smoke test, memory sample',
	clock: 'monotonic, from the confirmation on',
	engine: engine ? `${engine.flavour} ${engine.version}, ${engine.cpus} CPUs, cgroup v${engine.cgroupVersion}` : 'unknown',
	compose: await context.compose().then(cli => `${cli.version} ${cli.versionString}`),
	runs: samples.length,
	totalMs: stats(samples.map(sample => sample.durationMs)),
	servingAfterMs: stats(samples.map(sample => sample.servingAfterMs)),
	healthyAfterMs: stats(samples.map(sample => sample.healthyAfterMs)),
	stopStepMs: stats(samples.map(sample => sample.stopMs)),
	startStepMs: stats(samples.map(sample => sample.startMs)),
};
if (json) {
	process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
} else {
	const row = (label: string, value: {min: number; median: number; max: number}) =>
		`${label.padEnd(34)} min ${(value.min / 1000).toFixed(2)} s   median ${(value.median / 1000).toFixed(2)} s   max ${(value.max / 1000).toFixed(2)} s`;
	process.stdout.write(
		[
			`${summary.what}`,
			`${summary.runs} runs on ${summary.engine}, compose ${summary.compose}; ${summary.clock}`,
			row('total (confirmation → verified)', summary.totalMs),
			row('endpoints answering 200 after', summary.servingAfterMs),
			row('regular stack healthy after', summary.healthyAfterMs),
			row('step: stop the Alpine stack', summary.stopStepMs),
			row('step: start regular + wait healthy', summary.startStepMs),
			'',
		].join('\n'),
	);
}
