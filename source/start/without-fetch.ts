/**
 * Runs `load` with no global fetch, then puts fetch back. Ink's layout engine (yoga) loads its
 * WebAssembly from a data: URL with fetch() whenever fetch exists, and Node's first fetch call
 * loads its whole HTTP client (undici) just to decode it; without fetch, yoga decodes the same
 * bytes itself. Nothing is changed in yoga: if it stops looking at fetch, this only stops
 * mattering. Measured by `npm run bench startup`.
 */
export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!descriptor?.configurable) return load();
	Reflect.deleteProperty(globalThis, 'fetch');
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
