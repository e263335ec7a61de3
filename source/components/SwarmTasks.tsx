import {Box, Text} from 'ink';
import type {StackState, TaskState} from '../flows/rollout/state.js';
import {stripControl} from '../format.js';

type Props = {
	state: StackState;
	/** Lines it may take: the title, the header, then as many tasks as fit (the rest counted). */
	height: number;
};

const healthColor: Record<string, string | undefined> = {healthy: 'green', unhealthy: 'red', starting: 'yellow'};
const stateColor = (state: string) => (state === 'running' ? undefined : state === 'failed' || state === 'rejected' ? 'red' : 'yellow');

/** Columns: title and width (the last one takes the rest of the line). */
const columns = [
	['SERVICE', 14],
	['TASK', 14],
	['NODE', 20],
	['VARIANT', 9],
	['STATE', 10],
	['HEALTH', 11],
	['UPDATE', 0],
] as const;

/** The lines this component draws for a stack, at most `height`; Top sizes its table with it. */
export function swarmTasksHeight(state: StackState, height: number): number {
	const tasks = state.services.reduce((sum, service) => sum + service.tasks.length, 0);
	return Math.min(Math.max(3, height), 2 + Math.max(1, tasks));
}

function Cell({width, children, color, dim}: {width: number; children: string; color?: string; dim?: boolean}) {
	return (
		<Box width={width || undefined} flexShrink={width ? 0 : 1}>
			<Text wrap="truncate" color={color} dimColor={dim}>
				{stripControl(children)}
			</Text>
		</Box>
	);
}

function TaskLine({service, task, update}: {service: string; task: TaskState; update: string}) {
	const width = (index: number) => columns[index]![1];
	return (
		<Box>
			<Cell width={width(0)}>{service}</Cell>
			<Cell dim width={width(1)}>
				{task.id.slice(0, 12)}
			</Cell>
			<Cell width={width(2)}>{task.node}</Cell>
			<Cell width={width(3)} color={task.variant === 'alpine' ? 'cyan' : undefined}>
				{task.variant}
			</Cell>
			<Cell width={width(4)} color={stateColor(task.state)}>
				{task.state}
			</Cell>
			<Cell width={width(5)} color={healthColor[task.health]}>
				{task.health}
			</Cell>
			<Cell width={width(6)} color={task.error ? 'red' : undefined} dim={!task.error}>
				{task.error ?? update}
			</Cell>
		</Box>
	);
}

/**
 * The stack's tasks on a Swarm manager, one line each with the node it runs on, its image
 * variant, Swarm's task state and its health, as the manager reports them (live, through the
 * engines' events).
 */
export default function SwarmTasks({state, height}: Props) {
	const lines = state.services.flatMap(service => service.tasks.map(task => ({service: service.short, task, update: service.updateState})));
	const room = Math.max(1, swarmTasksHeight(state, height) - 2);
	const shown = lines.length > room ? lines.slice(0, room - 1) : lines;
	const nodes = state.nodes.map(node => `${node.hostname} (${node.role}${node.state === 'ready' ? '' : `, ${node.state}`})`).join(', ');
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold>Swarm </Text>
				<Text dimColor>
					stack {stripControl(state.stack)} · {lines.length} task{lines.length === 1 ? '' : 's'} on {stripControl(nodes)} · from the manager
				</Text>
			</Text>
			<Box>
				{columns.map(([title, width]) => (
					<Cell key={title} dim width={width}>
						{title}
					</Cell>
				))}
			</Box>
			{lines.length === 0 ? <Text dimColor>no service of stack {stripControl(state.stack)} on this manager (--stack NAME)</Text> : null}
			{shown.map(line => (
				<TaskLine key={line.task.id} {...line} />
			))}
			{shown.length < lines.length ? <Text dimColor>… {lines.length - shown.length} more tasks (alpinist top --once lists them all)</Text> : null}
		</Box>
	);
}
