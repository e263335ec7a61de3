'use strict';
// A module loaded on first use: stands in for a dependency's require() of an optional,
// costly package (see on-demand.mjs). Every export is reached through a stand-in that loads the
// real module when it is called, constructed or read, so requiring the package costs nothing and
// using it behaves as the package itself does.

function deferred(resolve) {
	// A function target, so the stand-in can be called and constructed as well as read.
	return new Proxy(function () {}, {
		apply: (_, self, args) => Reflect.apply(resolve(), self, args),
		construct: (_, args) => Reflect.construct(resolve(), args),
		get: (_, name) => {
			const value = resolve()[name];
			return typeof value === 'function' && name !== 'prototype' && name !== 'constructor' ? value.bind(resolve()) : value;
		},
		has: (_, name) => name in resolve(),
		getPrototypeOf: () => Object.getPrototypeOf(resolve()),
	});
}

/** `load` returns the real module; it runs once, on the first use of any export. */
exports.onDemand = function onDemand(load) {
	let real;
	const module = () => (real ??= load());
	const exports = new Map();
	return new Proxy(Object.create(null), {
		get(_, name) {
			// Interop probes and promise checks get honest answers without loading anything.
			if (typeof name === 'symbol' || name === '__esModule' || name === 'then') return undefined;
			if (real !== undefined) return real[name];
			if (!exports.has(name)) exports.set(name, deferred(() => module()[name]));
			return exports.get(name);
		},
		has: (_, name) => name in module(),
		ownKeys: () => Reflect.ownKeys(module()),
		getOwnPropertyDescriptor: (_, name) => {
			const descriptor = Reflect.getOwnPropertyDescriptor(module(), name);
			return descriptor && {...descriptor, configurable: true};
		},
	});
};
