import {Text} from 'ink';
import {memo} from 'react';

export type Tone = {status?: string; variant?: string; dim?: boolean};

type Props = {cells: string[]; selected: boolean; tone: Tone; statusIndex: number; variantIndex: number; gap: string};

function ContainerRow({cells, selected, tone, statusIndex, variantIndex, gap}: Props) {
	return (
		<Text wrap="truncate" inverse={selected} dimColor={tone.dim && !selected}>
			{cells.map((cell, index) => {
				const color = index === statusIndex ? tone.status : index === variantIndex ? tone.variant : undefined;
				return (
					<Text key={index} color={selected ? undefined : color}>
						{index === 0 ? cell : `${gap}${cell}`}
					</Text>
				);
			})}
		</Text>
	);
}

/** One table line; skipped by React when none of its cells changed since the last frame. */
export default memo(
	ContainerRow,
	(a, b) =>
		a.selected === b.selected &&
		a.statusIndex === b.statusIndex &&
		a.variantIndex === b.variantIndex &&
		a.gap === b.gap &&
		a.tone.status === b.tone.status &&
		a.tone.variant === b.tone.variant &&
		a.tone.dim === b.tone.dim &&
		a.cells.length === b.cells.length &&
		a.cells.every((cell, index) => cell === b.cells[index]),
);
