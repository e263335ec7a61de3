/**
 * The guide's Step 5 (team training): what an engineer must know about Alpine, each with an
 * exercise that runs in a container of the project.
 */

export type Exercise = {
	/** Run with the exec API, never through a host shell. */
	command: string[];
	/** What the output should show for the exercise to count as done. */
	expect?: RegExp;
	/** What to run by hand to try it yourself. */
	tryIt: (container: string) => string;
};

export type Module = {id: string; title: string; lesson: string[]; exercise: Exercise};

export const modules: Module[] = [
	{
		id: 'release',
		title: 'Which system am I on?',
		lesson: [
			'Alpine says so in /etc/alpine-release; every distribution has /etc/os-release.',
			'Check it first when something behaves differently: you may be on the regular image.',
		],
		exercise: {
			command: ['sh', '-c', 'cat /etc/alpine-release 2>/dev/null || cat /etc/os-release'],
			expect: /ID=|^\d+\.\d+/m,
			tryIt: container => `docker exec ${container} cat /etc/os-release`,
		},
	},
	{
		id: 'shell',
		title: 'sh, not bash',
		lesson: [
			'Alpine images have no bash: /bin/sh is busybox ash. `docker exec -it <container> sh`, not bash.',
			'Scripts with [[ ]], arrays, `source` or `set -o pipefail` need rewriting for sh, or `apk add bash`.',
		],
		exercise: {
			command: ['sh', '-c', 'echo "shell: $(readlink -f /bin/sh)"; if [ -e /bin/bash ]; then echo "bash: present"; else echo "bash: absent"; fi'],
			expect: /shell: /,
			tryIt: container => `docker exec -it ${container} sh`,
		},
	},
	{
		id: 'apk',
		title: 'apk, not apt',
		lesson: [
			'Install with `apk add --no-cache <package>` (one layer, no index left behind); search with `apk search <name>`.',
			'Package names differ: build-essential → build-base, libpq-dev → postgresql-dev, libssl-dev → openssl-dev (alpinist convert maps them).',
		],
		exercise: {
			command: ['sh', '-c', 'if command -v apk >/dev/null; then apk --version; apk search -q musl 2>/dev/null | head -n 5; else echo "no apk in this image (a stand-in built offline): on Alpine, run apk search <name>"; fi'],
			expect: /apk-tools|no apk/,
			tryIt: container => `docker exec ${container} apk search curl`,
		},
	},
	{
		id: 'musl',
		title: 'musl, not glibc',
		lesson: [
			'Alpine\'s C library is musl: glibc-linked binaries fail with "not found" or "Error loading shared library libc.so.6".',
			'Fix: the Alpine package, a musl or static build, or `apk add gcompat` for simple programs. alpinist doctor diagnoses it.',
		],
		exercise: {
			command: ['sh', '-c', 'ls /lib/ld-musl-* 2>/dev/null || echo "no musl loader"; ls /lib64/ld-linux-* 2>/dev/null || echo "no glibc loader"'],
			expect: /ld-musl|no musl loader/,
			tryIt: container => `docker exec ${container} ls -l /lib/ld-musl-x86_64.so.1`,
		},
	},
	{
		id: 'busybox',
		title: 'busybox tools',
		lesson: [
			'ls, ps, wget, grep… are busybox applets: fewer flags than GNU (no `grep -P`, `ps aux` works differently).',
			'Install GNU versions when a script needs them: apk add coreutils grep procps.',
		],
		exercise: {
			command: ['sh', '-c', 'readlink -f /bin/ls; busybox 2>&1 | head -n 1'],
			expect: /busybox|BusyBox/i,
			tryIt: container => `docker exec ${container} busybox --list`,
		},
	},
];
