import {useEffect, useState} from 'react';
import {containerLogs} from '../docker/logs.js';
import {useAppContext} from './use-app-context.js';

/** The last lines a container logged, read again every `everyMs` while an id is given. */
export function useContainerLogs(id: string | undefined, tail: number, everyMs = 3000): string[] {
	const {flow} = useAppContext();
	const [lines, setLines] = useState<string[]>([]);
	useEffect(() => {
		setLines(previous => (previous.length === 0 ? previous : []));
		if (!id) return;
		let cancelled = false;
		let timer: NodeJS.Timeout | undefined;
		const read = async () => {
			const next = await containerLogs(flow, id, tail);
			if (cancelled) return;
			setLines(previous => (previous.length === next.length && previous.every((line, index) => line === next[index]) ? previous : next));
			timer = setTimeout(read, everyMs);
		};

		void read();
		return () => {
			cancelled = true;
			clearTimeout(timer);
		};
	}, [flow, id, tail, everyMs]);
	return lines;
}
