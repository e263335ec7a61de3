import {useEffect, useState} from 'react';

/** Milliseconds since `since` (monotonic clock), ticking while `running`; undefined before it starts. */
export function useElapsed(since: number | undefined, running: boolean, everyMs = 100): number | undefined {
	const [now, setNow] = useState(() => performance.now());
	useEffect(() => {
		if (!running || since === undefined) return;
		setNow(performance.now());
		const timer = setInterval(() => setNow(performance.now()), everyMs);
		return () => clearInterval(timer);
	}, [running, since, everyMs]);
	return since === undefined ? undefined : Math.max(0, now - since);
}
