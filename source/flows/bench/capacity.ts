import {formatMB} from '../../format.js';
import {healthEndpoints, measureMemory, projectContainers, runSmoke} from '../stack.js';
import type {BaseEvent, FlowContext} from '../types.js';
import {benchCompose, capacityProjectName, teardown} from './engine.js';
import {startStack} from './round.js';
import type {BenchVariant, CapacityStep, CapacityVariant} from './types.js';

/**
 * The guide's KPI 4, measured: copies of the test stack are started side by side, one more at a
 * time. Each must become healthy and pass the smoke test; after each, the memory of every copy's
 * containers is summed. The count stops when the copy just started took the sum over the budget
 * (it is started, not extrapolated), when a copy fails, or at --max. Everything is removed after.
 */
export async function* measureCapacity(
	context: FlowContext,
	options: {variant: BenchVariant; budget: number; max: number; stepId: string},
): AsyncGenerator<BaseEvent, CapacityVariant> {
	const {variant, budget, max, stepId} = options;
	const composeVariant = variant === 'alpine' ? 'alpineTest' : 'regular';
	const result: CapacityVariant = {variant, copies: 0, stoppedBy: 'max', steps: []};
	const started: string[] = [];
	const progress = (done: number, label: string): BaseEvent => ({type: 'progress', step: stepId, done, total: max, label});
	try {
		for (let copy = 1; copy <= max; copy++) {
			if (context.signal.aborted) throw new Error('interrupted');
			const projectName = capacityProjectName(context.project.name, variant, copy);
			started.push(projectName);
			// Each copy's images are named after its own project: built from the build cache, not timed.
			yield progress(copy - 1, `copy ${copy}: building its images from the cache`);
			const build = await (await benchCompose(context, composeVariant, projectName)).build({signal: context.signal});
			if (build.exitCode !== 0) {
				result.stoppedBy = 'failure';
				result.error = `copy ${copy}: compose build failed (exit ${build.exitCode})`;
				break;
			}

			yield progress(copy - 1, `copy ${copy}: starting beside ${copy - 1} running`);
			const up = await startStack(context, {composeVariant, projectName});
			if (!up.ok) {
				result.stoppedBy = 'failure';
				result.error = `copy ${copy}: ${up.error}`;
				result.steps.push({copies: copy, totalBytes: Number.NaN, ok: false, note: up.error});
				break;
			}

			yield progress(copy - 1, `copy ${copy}: smoke test`);
			const containers = projectContainers(context.store.getSnapshot(), projectName);
			const smoke = await runSmoke(context, await healthEndpoints(context, containers));
			if (!smoke || smoke.exitCode !== 0 || smoke.failed > 0) {
				const note = smoke ? `smoke test failed: ${smoke.passed} passed, ${smoke.failed} failed` : 'no smoke command';
				result.stoppedBy = 'failure';
				result.error = `copy ${copy}: ${note}`;
				result.steps.push({copies: copy, totalBytes: Number.NaN, ok: false, note});
				break;
			}

			const all = started.flatMap(name => projectContainers(context.store.getSnapshot(), name));
			const memory = await measureMemory(context, all);
			const within = memory.total <= budget;
			const step: CapacityStep = {copies: copy, totalBytes: memory.total, ok: within};
			result.steps.push(step);
			yield {type: 'log', step: stepId, source: variant, line: `${copy} cop${copy === 1 ? 'y' : 'ies'}: ${formatMB(memory.total)} of ${formatMB(budget)}${within ? '' : ' — over the budget'}`};
			if (!within) {
				result.stoppedBy = 'budget';
				break;
			}

			result.copies = copy;
			result.perCopyBytes = memory.total / copy;
		}

		return result;
	} catch (error) {
		result.stoppedBy = 'failure';
		result.error = (error as Error).message;
		return result;
	} finally {
		yield progress(result.copies, `removing ${started.length} cop${started.length === 1 ? 'y' : 'ies'}`);
		// Four at a time: enough to be quick, few enough not to swamp a small engine.
		const queue = [...started];
		const worker = async () => {
			for (let name = queue.shift(); name; name = queue.shift()) await teardown(context, name, {removeImages: true});
		};

		await Promise.all(Array.from({length: Math.min(4, queue.length)}, worker));
	}
}
