import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {chainIds, layerSizes, stackFootprint} from '../../source/docker/footprint.js';
import {stackPullTotal} from '../../source/docker/pull-size.js';
import {footprintLines} from '../../source/flows/footprint.js';

describe('layers', () => {
	it('chain IDs as the engine keys layers: the first is its diff ID, each next hashes the previous chain and its diff', () => {
		const [a, b] = ['sha256:aa', 'sha256:bb'];
		const expected = `sha256:${createHash('sha256').update(`${a} ${b}`).digest('hex')}`;
		expect(chainIds([a, b])).toEqual([a, expected]);
		expect(chainIds([])).toEqual([]);
	});

	it('layer sizes from the history (newest first): the entries that made no layer are left out', () => {
		const history = [{Size: 0, CreatedBy: 'LABEL x=y'}, {Size: 300}, {Size: 0, CreatedBy: 'CMD ["sh"]'}, {Size: 1700}];
		expect(layerSizes(history, 2)).toEqual({sizes: [1700, 300], exact: true});
		// A zero-size layer among them: a best fit, said so.
		expect(layerSizes(history, 3)).toEqual({sizes: [1700, 300, 0], exact: false});
	});

	it('the stack: shared layers once, each image its own', () => {
		const base = {chainId: 'c0', diffId: 'd0', bytes: 100};
		const image = (id: string, own: number) => ({id, image: id, services: [id], size: 100 + own, layers: [base, {chainId: `c-${id}`, diffId: `d-${id}`, bytes: own}], layerSizesExact: true});
		const footprint = stackFootprint([image('a', 10), image('b', 20)]);
		expect(footprint).toMatchObject({listed: 230, total: 130, shared: 100, unique: 30});
		expect(footprint.images.map(entry => entry.ownInStack)).toEqual([10, 20]);
		expect(footprintLines({disk: footprint})[0]).toMatch(/^footprint on disk 0\.1 kB \(0\.0 kB unique, 0\.1 kB shared.*docker images would sum 0\.2 kB/);
	});

	it("a pull of the stack transfers each blob once; without every image's manifest there is no total", () => {
		const layers = (own: number) => [{digest: 'sha256:base', size: 50}, {digest: `sha256:${own}`, size: own}];
		expect(stackPullTotal([{id: 'a', image: 'a', services: [], layers: layers(5)}, {id: 'b', image: 'b', services: [], layers: layers(7)}])).toBe(62);
		expect(stackPullTotal([{id: 'a', image: 'a', services: [], layers: layers(5)}, {id: 'b', image: 'b', services: [], missing: 'not pushed'}])).toBeUndefined();
	});
});
