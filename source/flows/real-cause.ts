import type Dockerode from 'dockerode';

/**
 * The cause behind a failed build or start, read from what Compose printed and from the engine
 * itself, so that the summary names it instead of a symptom ("auth exited", "did not become
 * healthy (timeout)"): a host port already taken, or the engine gone meanwhile.
 */

export type Cause = {kind: 'port' | 'engine-gone'; text: string};

const portTaken = [
	// dockerd's userland proxy, and its own allocator.
	/listen tcp[46]? (\S+?:\d+): bind: address already in use/,
	/Bind for (\S+?:\d+) failed: port is already allocated/,
];
const engineGone = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|connection reset by peer|unexpected EOF|docker\.sock: connect: (?:connection refused|no such file)/i;

/** A cause Compose's output names: the first matching line. */
export function causeInOutput(output: string): Cause | undefined {
	for (const pattern of portTaken) {
		const match = pattern.exec(output);
		if (match) return {kind: 'port', text: `host port ${match[1]} is already in use (another program or container holds it)`};
	}

	if (engineGone.test(output)) return {kind: 'engine-gone', text: 'the Docker engine went away (Compose lost its connection)'};
	return undefined;
}

/** Whether the engine still answers a ping within `timeoutMs`; the error when it does not. */
export async function engineGoneNow(docker: Dockerode, timeoutMs = 3000): Promise<string | undefined> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
	try {
		await (docker as unknown as {ping(options: {abortSignal: AbortSignal}): Promise<unknown>}).ping({abortSignal: controller.signal});
		return undefined;
	} catch (error) {
		return controller.signal.aborted ? (controller.signal.reason as Error).message : (error as Error).message;
	} finally {
		clearTimeout(timer);
	}
}

/** The cause of a failure: named in the output, else the engine gone now, else none. */
export async function realCause(docker: Dockerode, output: string): Promise<Cause | undefined> {
	const named = causeInOutput(output);
	if (named?.kind === 'port') return named;
	const gone = await engineGoneNow(docker);
	if (gone) return {kind: 'engine-gone', text: `the Docker engine went away (${gone})`};
	return named;
}
