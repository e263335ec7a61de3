import {Box, Text} from 'ink';

type Props = {ms: number; color?: string; label?: string};

/** Five-row block digits: the one number that matters at the worst moment, readable from across the room. */
const glyphs: Record<string, string[]> = {
	'0': ['███', '█ █', '█ █', '█ █', '███'],
	'1': [' █ ', '██ ', ' █ ', ' █ ', '███'],
	'2': ['███', '  █', '███', '█  ', '███'],
	'3': ['███', '  █', '███', '  █', '███'],
	'4': ['█ █', '█ █', '███', '  █', '  █'],
	'5': ['███', '█  ', '███', '  █', '███'],
	'6': ['███', '█  ', '███', '█ █', '███'],
	'7': ['███', '  █', '  █', '  █', '  █'],
	'8': ['███', '█ █', '███', '█ █', '███'],
	'9': ['███', '█ █', '███', '  █', '███'],
	'.': [' ', ' ', ' ', ' ', '█'],
	':': [' ', '█', ' ', '█', ' '],
};

/** Seconds with two decimals under a minute, m:ss above; the unit is drawn beside the digits. */
export function bigTimeText(ms: number): {digits: string; unit: string} {
	if (ms < 60_000) return {digits: (ms / 1000).toFixed(2), unit: 's'};
	const total = Math.round(ms / 1000);
	return {digits: `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`, unit: 'min'};
}

export function bigRows(digits: string): string[] {
	return [0, 1, 2, 3, 4].map(row => [...digits].map(char => glyphs[char]?.[row] ?? ' ').join(' '));
}

export default function BigTime({ms, color = 'green', label}: Props) {
	const {digits, unit} = bigTimeText(ms);
	const rows = bigRows(digits);
	return (
		<Box flexDirection="row" alignItems="flex-end" columnGap={1}>
			<Box flexDirection="column">
				{rows.map((row, index) => (
					<Text key={index} color={color}>
						{row}
					</Text>
				))}
			</Box>
			<Box flexDirection="column">
				<Text bold color={color}>
					{unit}
				</Text>
				{label ? <Text dimColor>{label}</Text> : null}
			</Box>
		</Box>
	);
}
