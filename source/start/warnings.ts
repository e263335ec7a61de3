/**
 * Node 24 warns at run time about url.parse() (DEP0169, and DEP0170 for a URL it cannot read),
 * which docker-modem calls on every tcp:// or ssh:// DOCKER_HOST: a warning on every start that
 * the user can do nothing about. alpinist itself never calls url.parse. Those two are left out;
 * every other warning is printed as Node prints it.
 */
const hidden = new Set(['DEP0169', 'DEP0170']);

export function shownWarning(warning: Error & {code?: string}): boolean {
	return !(warning.name === 'DeprecationWarning' && warning.code !== undefined && hidden.has(warning.code));
}

/**
 * Replaces Node's warning printer with one that leaves out `hidden`. With warnings off
 * (--no-warnings, NODE_NO_WARNINGS=1) Node has no printer, and none is added.
 */
export function quietDependencyWarnings(stderr: NodeJS.WritableStream = process.stderr): void {
	if (process.listenerCount('warning') === 0) return;
	process.removeAllListeners('warning');
	process.on('warning', (warning: Error & {code?: string}) => {
		if (!shownWarning(warning)) return;
		stderr.write(`(node:${process.pid}) ${warning.code ? `[${warning.code}] ` : ''}${warning.name}: ${warning.message}\n`);
	});
}
