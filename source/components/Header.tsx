import {Box, Text} from 'ink';
import {variantLabel, variantOfProjectName, type Variant} from '../project/discover.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {shallowEqual, useDockerStore} from '../hooks/use-docker-store.js';

type Props = {title: string};

/** Project, engine and which variant runs: on every screen. */
export default function Header({title}: Props) {
	const {project} = useAppContext().flow;
	const engine = useDockerStore(snapshot => ({
		status: snapshot.status,
		version: snapshot.engine?.version,
		flavour: snapshot.engine?.flavour,
		cgroup: snapshot.engine?.cgroupVersion,
		host: snapshot.endpoint.host,
	}), shallowEqual);
	const running = useDockerStore(snapshot => {
		const variants = new Set<Variant>();
		for (const container of snapshot.containers) {
			const variant = variantOfProjectName(project, container.project);
			if (variant && container.state === 'running') variants.add(variant);
		}

		return [...variants].map(variant => variantLabel[variant]).join(' + ') || 'none';
	});
	return (
		<Box justifyContent="space-between" borderStyle="single" borderTop={false} borderLeft={false} borderRight={false} borderColor="gray">
			<Text>
				<Text bold color="cyan">alpinist</Text>
				<Text dimColor> › </Text>
				<Text bold>{title}</Text>
				<Text dimColor>  project </Text>
				<Text>{project.name}</Text>
			</Text>
			<Text>
				<Text dimColor>running </Text>
				<Text color={running === 'none' ? 'gray' : 'green'}>{running}</Text>
				<Text dimColor>  engine </Text>
				{engine.status === 'ready' ? (
					<Text color="green">
						{engine.flavour} {engine.version} · cgroup v{engine.cgroup}
					</Text>
				) : engine.status === 'connecting' ? (
					<Text color="yellow">connecting…</Text>
				) : (
					<Text color="red">unreachable</Text>
				)}
			</Text>
		</Box>
	);
}
