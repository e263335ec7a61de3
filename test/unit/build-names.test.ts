import {describe, expect, it} from 'vitest';
import {buildableServices, builtImageName} from '../../source/flows/build.js';

const config = {
	services: {
		backend: {build: {context: '/x', dockerfile: 'backend.alpine.Dockerfile'}},
		auth: {build: {context: '/x'}, image: 'registry.local/auth'},
		cache: {image: 'redis:7-alpine'},
		frontend: {build: {context: '/x'}, image: 'front:1.2'},
	},
};

describe('buildableServices', () => {
	it('lists services with a build section, in file order', () => {
		expect(buildableServices(config)).toEqual(['backend', 'auth', 'frontend']);
		expect(buildableServices(undefined)).toEqual([]);
	});
});

describe('builtImageName', () => {
	it('follows compose v1 and v2 default naming', () => {
		expect(builtImageName('v1', 'sample-alpine', 'backend', config)).toBe('sample-alpine_backend:latest');
		expect(builtImageName('v2', 'sample-alpine', 'backend', config)).toBe('sample-alpine-backend:latest');
	});

	it('uses the image key when the service names one', () => {
		expect(builtImageName('v1', 'p', 'auth', config)).toBe('registry.local/auth:latest');
		expect(builtImageName('v2', 'p', 'frontend', config)).toBe('front:1.2');
	});
});
