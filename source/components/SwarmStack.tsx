import {Box, Text} from 'ink';
import type {ServiceState, StackState, TaskState} from '../flows/rollout/state.js';
import {tasksPerNode} from '../flows/rollout/state.js';
import {stripControl} from '../format.js';

type Props = {state: StackState; showTasks?: boolean};

const healthColor: Record<string, string | undefined> = {healthy: 'green', unhealthy: 'red', starting: 'yellow'};
const updateColor = (state: string) => (state === 'completed' ? 'green' : state.startsWith('rollback') || state === 'paused' ? 'red' : state === 'updating' ? 'yellow' : undefined);

function TaskRow({task}: {task: TaskState}) {
	return (
		<Box>
			<Box width={4} flexShrink={0}>
				<Text> </Text>
			</Box>
			<Box width={14} flexShrink={0}>
				<Text dimColor>{task.id.slice(0, 12)}</Text>
			</Box>
			<Box width={18} flexShrink={0}>
				<Text wrap="truncate">{stripControl(task.node)}</Text>
			</Box>
			<Box width={9} flexShrink={0}>
				<Text color={task.variant === 'alpine' ? 'cyan' : undefined}>{task.variant}</Text>
			</Box>
			<Box width={10} flexShrink={0}>
				<Text>{task.state}</Text>
			</Box>
			<Box width={11} flexShrink={0}>
				<Text color={healthColor[task.health]}>{task.health}</Text>
			</Box>
			<Box flexShrink={1}>
				<Text color="red" wrap="truncate">
					{task.error ? stripControl(task.error) : ''}
				</Text>
			</Box>
		</Box>
	);
}

function ServiceRow({service}: {service: ServiceState}) {
	const healthy = service.tasks.filter(task => task.health === 'healthy').length;
	const alpine = service.tasks.filter(task => task.variant === 'alpine').length;
	const nodes = Object.entries(tasksPerNode(service))
		.map(([node, count]) => `${node}×${count}`)
		.join(' ');
	return (
		<Box>
			<Box width={12} flexShrink={0}>
				<Text bold wrap="truncate">
					{stripControl(service.short)}
				</Text>
			</Box>
			<Box width={9} flexShrink={0}>
				<Text color={service.variant === 'alpine' ? 'cyan' : undefined}>{service.variant}</Text>
			</Box>
			<Box width={9} flexShrink={0}>
				<Text>
					{alpine}/{service.tasks.length} A
				</Text>
			</Box>
			<Box width={11} flexShrink={0}>
				<Text color={healthy === service.tasks.length ? 'green' : 'yellow'}>
					{healthy}/{service.replicas ?? service.tasks.length} ok
				</Text>
			</Box>
			<Box width={20} flexShrink={0}>
				<Text color={updateColor(service.updateState)}>{service.updateState}</Text>
			</Box>
			<Box flexShrink={1}>
				<Text dimColor wrap="truncate">
					{stripControl(nodes)} · {stripControl(service.image)}
				</Text>
			</Box>
		</Box>
	);
}

/** The stack on a Swarm: nodes, then per service its variant, Alpine tasks, health, update state, tasks per node. */
export default function SwarmStack({state, showTasks = true}: Props) {
	return (
		<Box flexDirection="column">
			<Text>
				<Text bold>Nodes </Text>
				{state.nodes.map(node => (
					<Text key={node.id} color={node.state === 'ready' ? undefined : 'red'}>
						{stripControl(node.hostname)} ({node.role}, {node.state}){'  '}
					</Text>
				))}
			</Text>
			<Box marginTop={1}>
				<Text dimColor>{'service     variant  alpine   health     update              tasks per node · image'}</Text>
			</Box>
			{state.services.length === 0 ? <Text dimColor>no service of stack {stripControl(state.stack)} on this manager</Text> : null}
			{state.services.map(service => (
				<Box key={service.id} flexDirection="column">
					<ServiceRow service={service} />
					{showTasks ? service.tasks.map(task => <TaskRow key={task.id} task={task} />) : null}
				</Box>
			))}
		</Box>
	);
}
