#!/usr/bin/env node
// Smoke test for the alpinist sample platform: every health endpoint answers, the backend
// stores an item and lists it back, auth issues a token, and the frontend reaches the
// backend over the compose network.
//
// Usage: node compose/smoke-test.mjs [--regular] [--timeout MS]
//
// Base URLs come from ALPINIST_URL_BACKEND, ALPINIST_URL_AUTH and ALPINIST_URL_FRONTEND;
// without them, the Alpine stack's defaults (http://127.0.0.1:8002, :8083, :3002), or with
// --regular the regular stack's (:8000, :8081, :3000).
//
// Prints one TAP-like line per test ("ok 1 - backend health", "not ok 2 - ...: why"),
// then "N passed, N failed". Exits 1 when any test failed, 2 on a usage error.
// No dependencies: Node 20's fetch.

const DEFAULTS = {
	alpine: {backend: 'http://127.0.0.1:8002', auth: 'http://127.0.0.1:8083', frontend: 'http://127.0.0.1:3002'},
	regular: {backend: 'http://127.0.0.1:8000', auth: 'http://127.0.0.1:8081', frontend: 'http://127.0.0.1:3000'},
};

function parseArgs(argv) {
	const options = {variant: 'alpine', timeoutMs: 5000};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--regular') options.variant = 'regular';
		else if (arg === '--alpine') options.variant = 'alpine';
		else if (arg === '--timeout') options.timeoutMs = Number(argv[++i]);
		else if (arg.startsWith('--timeout=')) options.timeoutMs = Number(arg.slice('--timeout='.length));
		else if (arg === '--help' || arg === '-h') options.help = true;
		else throw new Error(`unknown argument: ${arg}`);
	}
	if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) throw new Error('--timeout needs a number of milliseconds');
	return options;
}

const trimSlash = (url) => url.replace(/\/+$/, '');

async function request(base, path, {method = 'GET', body, timeoutMs, headers} = {}) {
	const response = await fetch(`${base}${path}`, {
		method,
		body,
		headers,
		redirect: 'manual',
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return {status: response.status, text, json};
}

function describe(error, timeoutMs) {
	if (error?.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
	// fetch reports a refused connection as "fetch failed" with the errno code in the cause.
	const code = error?.cause?.code;
	return code ? `${error.message} (${code})` : String(error?.message ?? error);
}

function expectStatus(result, expected, what) {
	if (result.status !== expected) {
		throw new Error(`${what}: HTTP ${result.status}, expected ${expected}: ${result.text.trim().slice(0, 200)}`);
	}
}

async function main() {
	let options;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`smoke-test: ${error.message}`);
		process.exitCode = 2;
		return;
	}
	if (options.help) {
		console.log('usage: node compose/smoke-test.mjs [--regular] [--timeout MS]');
		return;
	}
	const defaults = DEFAULTS[options.variant];
	const url = {
		backend: trimSlash(process.env.ALPINIST_URL_BACKEND || defaults.backend),
		auth: trimSlash(process.env.ALPINIST_URL_AUTH || defaults.auth),
		frontend: trimSlash(process.env.ALPINIST_URL_FRONTEND || defaults.frontend),
	};
	const timeoutMs = options.timeoutMs;
	const item = `smoke-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

	const tests = [
		['backend health', async () => expectStatus(await request(url.backend, '/health', {timeoutMs}), 200, 'GET /health')],
		['auth health', async () => expectStatus(await request(url.auth, '/health', {timeoutMs}), 200, 'GET /health')],
		['frontend health', async () => expectStatus(await request(url.frontend, '/api/health', {timeoutMs}), 200, 'GET /api/health')],
		['backend stores an item and lists it back', async () => {
			const stored = await request(url.backend, '/api/items', {method: 'POST', body: item, timeoutMs});
			expectStatus(stored, 201, 'POST /api/items');
			const listed = await request(url.backend, '/api/items', {timeoutMs});
			expectStatus(listed, 200, 'GET /api/items');
			if (!Array.isArray(listed.json?.items) || !listed.json.items.includes(item)) {
				throw new Error(`GET /api/items does not list "${item}": ${listed.text.trim().slice(0, 200)}`);
			}
		}],
		['auth issues a token', async () => {
			const result = await request(url.auth, '/api/token', {
				method: 'POST',
				body: JSON.stringify({user: 'smoke-test'}),
				headers: {'content-type': 'application/json'},
				timeoutMs,
			});
			expectStatus(result, 200, 'POST /api/token');
			if (typeof result.json?.token !== 'string' || result.json.token.length < 16) {
				throw new Error(`POST /api/token gave no token: ${result.text.trim().slice(0, 200)}`);
			}
		}],
		['frontend reaches the backend by service name', async () => {
			const result = await request(url.frontend, '/api/backend-status', {timeoutMs});
			expectStatus(result, 200, 'GET /api/backend-status');
			if (result.json?.backend !== 'reachable') {
				throw new Error(`backend not reachable from the frontend: ${result.text.trim().slice(0, 200)}`);
			}
		}],
	];

	console.log(`# smoke test (${options.variant}): backend ${url.backend}, auth ${url.auth}, frontend ${url.frontend}`);
	let passed = 0;
	let failed = 0;
	for (const [index, [name, run]] of tests.entries()) {
		const started = performance.now();
		try {
			await run();
			passed++;
			console.log(`ok ${index + 1} - ${name} (${Math.round(performance.now() - started)} ms)`);
		} catch (error) {
			failed++;
			console.log(`not ok ${index + 1} - ${name}: ${describe(error, timeoutMs)}`);
		}
	}
	console.log(`${passed} passed, ${failed} failed`);
	if (failed > 0) process.exitCode = 1;
}

await main();
