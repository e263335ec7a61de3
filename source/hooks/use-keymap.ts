import {type Key, useInput, useStdin} from 'ink';
import {useContext, useEffect, useRef} from 'react';
import {FooterContext} from '../components/footer-context.js';

/**
 * One keymap object per screen drives both the key handling and the footer hints, so they
 * cannot drift. Keys are names ('up', 'down', 'return', 'escape', 'tab', 'pageup', 'pagedown',
 * 'backspace', 'space') or single characters ('q', '/', 'S'); 'text' takes any text typed or
 * pasted that no other binding names (a filter being typed).
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

/** Text typed or pasted, not a control key: what a 'text' binding is given. */
function isText(input: string, key: Key): boolean {
	if (input === '' || key.ctrl || key.meta || key.tab || key.return || key.escape || key.backspace || key.delete) return false;
	return !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown;
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
export function useKeymap(bindings: KeyBinding[], options: {isActive: boolean}): void {
	const {isRawModeSupported} = useStdin();
	const footer = useContext(FooterContext);
	const active = options.isActive && isRawModeSupported;
	// Keys run one per render: the handler reads the bindings of the latest render, and keys that
	// arrive together (tmux send-keys, a paste, fast typing) wait for the render the previous key
	// caused, so "↓ ↓ enter" opens the item two rows down, not the one selected before.
	const latest = useRef(bindings);
	latest.current = bindings;
	const queue = useRef<Array<{input: string; key: Key}>>([]);
	const draining = useRef(false);
	const drain = () => {
		const next = queue.current.shift();
		if (!next) {
			draining.current = false;
			return;
		}

		draining.current = true;
		const find = (name: string) => latest.current.find(candidate => candidate.when !== false && candidate.keys.includes(name));
		const binding = find(keyName(next.input, next.key)) ?? (isText(next.input, next.key) ? find('text') : undefined);
		if (binding) binding.run(next.input, next.key);
		else if (next.input.length > 1 && !next.key.ctrl && !next.key.meta && /^[\x20-\x7e]+$/.test(next.input)) {
			// Characters typed faster than a frame arrive as one input ("jj"): each is a key of its own.
			queue.current.unshift(...[...next.input].map(char => ({input: char, key: next.key})));
		}

		setTimeout(drain, queue.current.length > 0 ? 15 : 0);
	};

	useInput(
		(input, key) => {
			queue.current.push({input, key});
			if (!draining.current) drain();
		},
		{isActive: active},
	);
	const hints = bindings
		.filter(binding => binding.when !== false && binding.label)
		.map(binding => `${bindingHint(binding)} ${binding.label}`)
		.join('\u0000');
	useEffect(() => {
		if (options.isActive) footer.setHints(hints ? hints.split('\u0000') : []);
	}, [hints, options.isActive]);
}
