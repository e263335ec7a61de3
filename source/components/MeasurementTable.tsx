import {Box, Text} from 'ink';
import {expectationText, formatValue, type Measurement} from '../flows/measurements.js';
import StatusBadge from './StatusBadge.js';

type Props = {measurements: Measurement[]};

/** Each figure against the guide's expectation, pass or warn, with how it was measured underneath. */
export default function MeasurementTable({measurements}: Props) {
	return (
		<Box flexDirection="column">
			<Text bold>
				{'  '}
				{'measured'.padEnd(18)}
				{'value'.padStart(11)}
				{'   '}
				{'expected'.padEnd(14)}
			</Text>
			{measurements.map(row => (
				<Box key={row.name} flexDirection="column">
					<Text>
						<StatusBadge status={row.status} /> {row.name.padEnd(18)}
						{formatValue(row.unit, row.value).padStart(11)}
						{'   '}
						{expectationText(row).padEnd(14)}
						<Text dimColor> {row.note ?? ''}</Text>
					</Text>
					<Text dimColor wrap="truncate">
						{'    '}
						{row.method}
					</Text>
				</Box>
			))}
		</Box>
	);
}
