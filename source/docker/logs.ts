import type Dockerode from 'dockerode';
import {stripControl} from '../format.js';

/** The last lines a container logged (stdout and stderr), without control sequences. */
export async function containerLogs(context: {docker: Dockerode}, id: string, tail = 50): Promise<string[]> {
	try {
		const buffer = (await context.docker.getContainer(id).logs({stdout: true, stderr: true, tail, follow: false})) as unknown as Buffer;
		return demuxLogs(buffer);
	} catch {
		return [];
	}
}

/** Docker multiplexes non-TTY logs in frames of [stream, 0, 0, 0, size(4)] + payload. */
export function demuxLogs(buffer: Buffer): string[] {
	let text = '';
	let offset = 0;
	const framed = buffer.length >= 8 && buffer[0] <= 2 && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
	if (framed) {
		while (offset + 8 <= buffer.length) {
			const size = buffer.readUInt32BE(offset + 4);
			text += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
			offset += 8 + size;
		}
	} else {
		text = buffer.toString('utf8');
	}

	return text
		.split('\n')
		.map(line => stripControl(line.replace(/\r$/, '')))
		.filter(line => line.length > 0);
}
