import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type TerminalSize = {columns: number; rows: number};

/** Ink's stdout: a writable stream, with a size when it is a terminal. */
export type SizedStream = NodeJS.WritableStream & {columns?: number; rows?: number};

function read(stdout: SizedStream): TerminalSize {
	return {columns: stdout.columns || 100, rows: stdout.rows || 30};
}

/** The terminal's size, updated when it is resized (stdout 'resize'). */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => read(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = read(stdout);
			setSize(previous => (previous.columns === next.columns && previous.rows === next.rows ? previous : next));
		};

		stdout.on('resize', onResize);
		// A resize between the first frame and this effect (React runs effects after the commit)
		// has no listener yet: read the size once now.
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
