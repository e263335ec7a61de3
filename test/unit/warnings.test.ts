import {describe, expect, it} from 'vitest';
import {shownWarning} from '../../source/start/warnings.js';

const warning = (name: string, code?: string) => Object.assign(new Error('m'), {name, code});

describe('dependency warnings', () => {
	it("leaves out Node 24's url.parse deprecations (docker-modem's) and shows every other warning", () => {
		expect(shownWarning(warning('DeprecationWarning', 'DEP0169'))).toBe(false);
		expect(shownWarning(warning('DeprecationWarning', 'DEP0170'))).toBe(false);
		expect(shownWarning(warning('DeprecationWarning', 'DEP0005'))).toBe(true);
		expect(shownWarning(warning('ExperimentalWarning'))).toBe(true);
		expect(shownWarning(warning('MaxListenersExceededWarning'))).toBe(true);
	});
});
