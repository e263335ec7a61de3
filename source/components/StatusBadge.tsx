import {Text} from 'ink';
import Spinner from 'ink-spinner';

type Props = {status: 'pass' | 'warn' | 'fail' | 'skip' | 'running' | 'pending' | 'critical' | 'warning' | 'ok'};

const look: Record<Props['status'], {mark: string; color: string}> = {
	pass: {mark: '✓', color: 'green'},
	ok: {mark: '✓', color: 'green'},
	warn: {mark: '!', color: 'yellow'},
	warning: {mark: '!', color: 'yellow'},
	fail: {mark: '✗', color: 'red'},
	critical: {mark: '✗', color: 'red'},
	skip: {mark: '-', color: 'gray'},
	pending: {mark: '·', color: 'gray'},
	running: {mark: '', color: 'cyan'},
};

/** A one-cell status mark: ✓ ! ✗ - or a spinner while running. */
export default function StatusBadge({status}: Props) {
	if (status === 'running') {
		return (
			<Text color="cyan">
				<Spinner type="dots" />
			</Text>
		);
	}

	return <Text color={look[status].color}>{look[status].mark}</Text>;
}
