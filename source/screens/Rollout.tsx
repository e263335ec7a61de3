import {Box, Text} from 'ink';
import {useMemo} from 'react';
import StepList from '../components/StepList.js';
import SwarmStack from '../components/SwarmStack.js';
import {parseNodeEngines} from '../docker/swarm-client.js';
import {type RolloutInput, rolloutFlow} from '../flows/rollout/index.js';
import {defaultRolloutOptions} from '../flows/rollout/plan.js';
import {stripControl} from '../format.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useFlow} from '../hooks/use-flow.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useSwarmStack} from '../hooks/use-swarm-stack.js';
import type {RouteParams, ScreenProps} from './types.js';

const planned = [
	{id: 'rollout.manager', title: 'Swarm manager'},
	{id: 'rollout.read', title: 'Stack'},
	{id: 'rollout.plan', title: 'Plan'},
	{id: 'rollout.canary', title: 'Canary on the Alpine image'},
	{id: 'rollout.monitor', title: 'Canary against the regular tasks'},
	{id: 'rollout.verdict', title: 'Canary verdict'},
	{id: 'rollout.rest', title: 'Rolling update of the rest (Swarm)'},
	{id: 'rollout.rollback', title: 'Swarm rollback'},
	{id: 'rollout.state', title: 'Stack state'},
];

function nodeEngines(): Map<string, string> {
	try {
		return parseNodeEngines(process.env.ALPINIST_SWARM_NODES ? [process.env.ALPINIST_SWARM_NODES] : []);
	} catch {
		return new Map();
	}
}

/**
 * The guide's Phase 3, production deployment: the stack on the Swarm manager live (nodes, per
 * service its variant, tasks per node, health, update state), and the rollout (canary, verdict,
 * Swarm's rolling update) or a rollback, each shown and confirmed first.
 */
export default function Rollout({isActive, params = {}}: ScreenProps<RouteParams['rollout']>) {
	const {back, flow: context} = useAppContext();
	const stack = params.stack ?? context.project.name;
	const live = useSwarmStack(stack);
	const {state, start, cancel} = useFlow(rolloutFlow, {lock: 'rollout'});
	const input = useMemo<RolloutInput>(() => ({...defaultRolloutOptions, stack, rollback: false, nodeEngines: nodeEngines(), monitorMs: params.monitorMs ?? defaultRolloutOptions.monitorMs}), [stack]);
	const running = state.status === 'running';
	const result = state.outcome?.data;
	const manager = Boolean(live.state);

	useKeymap(
		[
			{keys: ['r'], label: 'roll out to Alpine', when: manager && !running, run: () => start(input)},
			{keys: ['b'], label: 'roll back (docker service rollback)', when: manager && !running, run: () => start({...input, rollback: true})},
			{keys: ['c'], label: 'stop', when: running, run: cancel},
			{keys: ['escape', 'q'], hint: 'esc', label: 'back', when: !running, run: back},
		],
		{isActive},
	);

	return (
		<Box flexDirection="column" paddingX={1} marginTop={1}>
			<Text>
				<Text bold>Phase 3 · Production rollout on Docker Swarm</Text>
				<Text dimColor>
					{' '}
					stack {stripControl(stack)} · canary first, then Swarm&apos;s rolling update (start-first, failure_action rollback)
				</Text>
			</Text>
			<Box marginTop={1} flexDirection="column">
				{live.error ? <Text color="yellow">{stripControl(live.error)}</Text> : null}
				{live.state ? <SwarmStack state={live.state} showTasks={state.status === 'idle'} /> : live.error ? null : <Text dimColor>reading the Swarm…</Text>}
				{live.followedBy.length > 0 ? (
					<Text dimColor>
						{live.followedBy.some(line => line.includes('no engine reachable'))
							? `${live.followedBy.filter(line => line.includes('no engine reachable')).map(line => stripControl(line.split(':')[0] ?? '')).join(', ')}: no engine reachable, followed through the manager (set ALPINIST_SWARM_NODES=name=host,… for their events and stats)`
							: `followed by the events of ${live.followedBy.map(line => stripControl(line.split(':')[0] ?? '')).join(', ')}`}
					</Text>
				) : null}
			</Box>
			{state.status === 'idle' ? null : (
				<Box marginTop={1} flexDirection="column">
					<StepList planned={planned.filter(step => state.steps.some(seen => seen.id === step.id) || (running && step.id !== 'rollout.rollback'))} steps={state.steps} showDetail={step => step.id === 'rollout.plan' || step.id === 'rollout.verdict'} detailLines={10} />
					{state.messages.slice(-4).map((message, index) => (
						<Text key={index} dimColor={message.level === 'info'} color={message.level === 'error' ? 'red' : message.level === 'warn' ? 'yellow' : undefined} wrap="truncate-end">
							{stripControl(message.text)}
						</Text>
					))}
				</Box>
			)}
			{state.status === 'done' ? (
				<Box marginTop={1} flexDirection="column">
					<Text bold color={state.outcome?.ok ? 'green' : 'red'}>
						{stripControl(state.outcome?.summary ?? '')}
					</Text>
					{result?.failure ? <Text color="red">{stripControl(result.failure.message)}</Text> : null}
				</Box>
			) : null}
		</Box>
	);
}
