import {Text} from 'ink';
import {sparkline} from '../top/sparkline.js';

type Props = {values: number[]; width: number; max?: number; color?: string};

/** A history as bars ▁▂▃▄▅▆▇█, oldest left, newest right. */
export default function Sparkline({values, width, max, color}: Props) {
	return <Text color={color}>{sparkline(values, width, {max})}</Text>;
}
