import {Box, Text, useApp} from 'ink';
import {Suspense, useCallback, useMemo, useReducer, useRef, useState} from 'react';
import {FooterContext} from './components/footer-context.js';
import Confirm from './components/Confirm.js';
import Header from './components/Header.js';
import KeyHints from './components/KeyHints.js';
import type {Confirmation, FlowContext} from './flows/types.js';
import {AppContext, type AppContextValue, type Route} from './hooks/use-app-context.js';
import {screens} from './screens/index.js';

type Props = {
	context: FlowContext;
	initial?: Route;
	/** Called once with the exit code the app decided. */
	onExit?: (code: number) => void;
};

type Action = {type: 'push'; route: Route} | {type: 'back'};

/**
 * The router: one reducer over a stack of routes. Screens plug in through screens/index.ts.
 * Going back never leaves the app (only q does): from a screen opened directly (`alpinist top`)
 * back leads to Home, and at Home it does nothing.
 */
export function routes(stack: Route[], action: Action): Route[] {
	if (action.type === 'push') return [...stack, action.route];
	if (stack.length > 1) return stack.slice(0, -1);
	return stack[0]?.id === 'home' ? stack : [{id: 'home'}];
}

type Pending = {question: Confirmation; resolve: (yes: boolean) => void};

export default function App({context, initial, onExit}: Props) {
	const {exit: inkExit} = useApp();
	const [stack, dispatch] = useReducer(routes, [initial ?? {id: 'home'}]);
	const [hints, setHints] = useState<string[]>([]);
	const [pending, setPending] = useState<Pending | undefined>();
	const exited = useRef(false);

	const exit = useCallback(
		(code = 0) => {
			if (exited.current) return;
			exited.current = true;
			onExit?.(code);
			inkExit();
		},
		[inkExit, onExit],
	);

	// Flows ask through this: the question shows over the screen, which loses the keyboard meanwhile.
	const confirm = useCallback(
		(question: Confirmation) =>
			new Promise<boolean>(resolve => {
				setPending({question, resolve});
			}),
		[],
	);

	const value = useMemo<AppContextValue>(
		() => ({
			flow: {...context, confirm},
			navigate: route => dispatch({type: 'push', route}),
			back: () => dispatch({type: 'back'}),
			exit,
		}),
		[context, confirm, exit],
	);
	const footer = useMemo(() => ({setHints}), []);
	const route = stack.at(-1)!;
	const screen = screens.find(candidate => candidate.id === route.id) ?? screens[0];
	const Screen = screen.component;

	return (
		<AppContext.Provider value={value}>
			<FooterContext.Provider value={footer}>
				<Box flexDirection="column">
					<Header title={screen.title} />
					<Suspense fallback={<Text dimColor>{`  loading ${screen.title}…`}</Text>}>
						<Screen key={stack.length} isActive={!pending} params={route.params} />
					</Suspense>
					{pending ? (
						<Confirm
							question={pending.question}
							isActive
							onAnswer={yes => {
								setPending(undefined);
								pending.resolve(yes);
							}}
						/>
					) : null}
					<Box marginTop={1}>{hints.length > 0 ? <KeyHints hints={hints} /> : <Text> </Text>}</Box>
				</Box>
			</FooterContext.Provider>
		</AppContext.Provider>
	);
}
