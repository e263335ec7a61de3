import {ExitCode} from '../exit-code.js';
import type Dockerode from 'dockerode';
import type {SwarmClient} from '../../docker/swarm-client.js';
import type {SwarmService} from '../../docker/swarm.js';
import {recordedStep} from '../recorded-step.js';
import type {FlowContext, FlowEvent, FlowOutcome} from '../types.js';
import type {RolloutData, RolloutInput, RolloutResult} from './types.js';
import {rollBack} from './phases.js';
import {describeService} from './state.js';
import type {StackWatch} from './watch.js';

/** `rollout --rollback`: `docker service rollback` for the chosen services (or the whole stack), shown first and confirmed. */
export async function* runRollback(
	context: FlowContext,
	input: {client: SwarmClient; watch: StackWatch; engines: Map<string, Dockerode>; services: SwarmService[]; input: RolloutInput; result: RolloutResult},
): AsyncGenerator<FlowEvent<Pick<RolloutData, 'rollout-state'>>, FlowOutcome<RolloutResult>, void> {
	const {client, watch, engines, services, result} = input;
	const names = input.input.services;
	const unknown = names.filter(name => !services.some(service => service.short === name || service.name === name));
	const chosen = services.filter(service => names.length === 0 || names.includes(service.short) || names.includes(service.name));
	const able = chosen.filter(service => service.previousImage);
	const lines = chosen.map(service =>
		service.previousImage ? `${service.short}: ${service.image} → ${service.previousImage} (its previous spec)` : `${service.short}: no previous spec, stays on ${service.image}`,
	);
	result.plan = {lines, problems: unknown.length ? [`no service ${unknown.join(', ')} in stack ${input.input.stack}`] : []};
	yield {type: 'step', id: 'rollout.plan', title: 'Rollback plan', status: unknown.length ? 'fail' : 'pass', summary: unknown.length ? result.plan.problems[0] : `${able.length} service${able.length === 1 ? '' : 's'} to roll back`, detail: lines};
	if (unknown.length) return {ok: false, exitCode: ExitCode.usage, summary: 'Nothing changed', data: result};
	if (able.length === 0) return {ok: true, summary: 'Nothing to roll back', data: result};
	if (context.dryRun) return {ok: true, summary: 'Dry run: nothing changed', data: result};
	const confirmed = await context.confirm({title: `docker service rollback for ${able.length} service${able.length === 1 ? '' : 's'} of ${input.input.stack}`, items: lines, action: 'roll back', destructive: false});
	if (!confirmed) return {ok: false, exitCode: ExitCode.failed, summary: `Not confirmed: nothing changed${input.input.declineHint ? ` (${input.input.declineHint})` : ''}`, data: result};
	const step = yield* recordedStep(context, 'rollout.rollback', 'Swarm rollback (docker service rollback)', async emit => {
		const done = await rollBack({client, watch, engines, signal: context.signal, versions: new Map(), say: text => emit({type: 'message', level: 'info', text})}, able, 300_000);
		return {status: 'pass', summary: `${done.length} service${done.length === 1 ? '' : 's'} rolled back`, detail: done, value: done};
	}, {record: false});
	result.rolledBack = step.value ?? [];
	await watch.refresh();
	result.state = watch.state;
	yield {type: 'data', kind: 'rollout-state', data: result.state!};
	yield {type: 'step', id: 'rollout.state', title: 'Stack state', status: step.status === 'pass' ? 'pass' : 'fail', detail: result.state!.services.map(describeService)};
	return {ok: step.status === 'pass', exitCode: step.status === 'pass' ? 0 : 1, summary: step.status === 'pass' ? 'Rolled back' : 'The rollback did not complete', data: result};
}
