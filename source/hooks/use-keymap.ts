import {type Key, useInput, useStdin} from 'ink';
import {useCallback, useContext, useEffect, useLayoutEffect, useRef} from 'react';
import {FooterContext} from '../components/footer-context.js';

/**
 * One keymap object per screen drives both the key handling and the footer hints, so they
 * cannot drift. Keys are names ('up', 'down', 'return', 'escape', 'tab', 'pageup', 'pagedown',
 * 'backspace', 'space') or single characters ('q', '/', 'S').
 */
export type KeyBinding = {
	keys: string[];
	/** What the footer says, e.g. "sort". Bindings without a label are handled but not shown. */
	label?: string;
	/** How the footer names the keys, e.g. "↑↓"; defaults to the first key. */
	hint?: string;
	run: (input: string, key: Key) => void;
	/** When false, the binding is neither handled nor shown. */
	when?: boolean;
};

export function keyName(input: string, key: Key): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.return) return 'return';
	if (key.escape) return 'escape';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.backspace || key.delete) return 'backspace';
	if (key.ctrl && input) return `ctrl+${input}`;
	if (input === ' ') return 'space';
	return input;
}

const prettyKeys: Record<string, string> = {
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	return: 'enter',
	escape: 'esc',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	space: 'space',
};

export function bindingHint(binding: KeyBinding): string {
	return binding.hint ?? binding.keys.map(k => prettyKeys[k] ?? k).slice(0, 2).join('/');
}

/** Ink throws on useInput without raw mode: every binding is gated on a TTY that supports it. */
export function useKeymap(bindings: KeyBinding[], options: {isActive: boolean; id?: string}): void {
	const {isRawModeSupported} = useStdin();
	const footer = useContext(FooterContext);
	const active = options.isActive && isRawModeSupported;
	// Keys go to the bindings of the latest committed render. Ink re-subscribes a changed handler
	// only in a passive effect, after the frame is drawn: a key pressed in between (↓ then enter)
	// reached the previous render's bindings and opened the previously selected entry.
	const latest = useRef(bindings);
	useLayoutEffect(() => {
		latest.current = bindings;
	});
	const onInput = useCallback((input: string, key: Key) => {
		const name = keyName(input, key);
		const binding = latest.current.find(candidate => candidate.when !== false && candidate.keys.includes(name));
		binding?.run(input, key);
	}, []);
	useInput(onInput, {isActive: active});
	const hints = bindings
		.filter(binding => binding.when !== false && binding.label)
		.map(binding => `${bindingHint(binding)} ${binding.label}`)
		.join('\u0000');
	useEffect(() => {
		if (options.isActive) footer.setHints(hints ? hints.split('\u0000') : []);
	}, [hints, options.isActive]);
}
