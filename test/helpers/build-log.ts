/**
 * Steps of a build log that reused a cache from an earlier build: the legacy builder's (Compose v1)
 * `Using cache` lines, and BuildKit's (Compose v2) `#N CACHED` steps, except those BuildKit reports
 * as CACHED even under --no-cache: the FROM of a local base image, and a step that an identical step
 * of another service ran (`DONE`) in the same build (BuildKit runs it once for both).
 */
export function stepsFromEarlierCache(lines: string[]): string[] {
	const instructions = new Map<string, string>();
	const ran = new Set<string>();
	const cached: string[] = [];
	for (const line of lines) {
		const header = /^#(\d+) \[[^\]]*\s\d+\/\d+\] (.+)$/.exec(line);
		if (header) {
			instructions.set(header[1], header[2]);
			continue;
		}

		const status = /^#(\d+) (DONE|CACHED)\b/.exec(line);
		const instruction = status && instructions.get(status[1]);
		if (!instruction) continue;
		if (status[2] === 'DONE') ran.add(instruction);
		else cached.push(instruction);
	}

	const legacy = lines.filter(line => /Using cache/.test(line));
	return [...legacy, ...cached.filter(instruction => !/^FROM /i.test(instruction) && !ran.has(instruction))];
}
