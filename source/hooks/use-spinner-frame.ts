import {useEffect, useState} from 'react';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * One spinner clock for a whole list: every running row shows the same frame, so a list of
 * thirteen spinners costs one re-render per tick instead of thirteen.
 */
export function useSpinnerFrame(active: boolean, intervalMs = 100): string {
	const [index, setIndex] = useState(0);
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setIndex(value => (value + 1) % frames.length), intervalMs);
		return () => clearInterval(timer);
	}, [active, intervalMs]);
	return frames[index];
}
