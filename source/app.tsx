import {Box, Text, useApp} from 'ink';
import {type ComponentType, Suspense, useCallback, useMemo, useReducer, useRef, useState} from 'react';
import {FooterContext} from './components/footer-context.js';
import Confirm from './components/Confirm.js';
import Header from './components/Header.js';
import KeyHints from './components/KeyHints.js';
import {stripControl} from './format.js';
import type {Confirmation, FlowContext} from './flows/types.js';
import {AppContext, type AppContextValue, type Route, useAppContext} from './hooks/use-app-context.js';
import {useKeymap} from './hooks/use-keymap.js';
import {screens as registry} from './screens/index.js';
import {menuScreens} from './screens/menu.js';
import type {RoutedScreen, ScreenProps} from './screens/types.js';

type Props = {
	context: FlowContext;
	initial?: Route;
	/** The screens to route between (default: the app's registry, screens/index.ts). */
	screens?: readonly RoutedScreen[];
	/** Called once with the exit code the app decided. */
	onExit?: (code: number) => void;
};

/** A place in the stack: a Route, or a screen of the registry opened from the menu. */
type Entry = {id: string; params?: unknown};

type Action = {type: 'push'; route: Entry} | {type: 'replace'; route: Entry} | {type: 'back'};

/**
 * The router: one reducer over a stack of routes. Screens plug in through screens/index.ts.
 * Going back never leaves the app (only q does): from a screen opened directly (`alpinist top`)
 * back leads to Home, and at Home it does nothing.
 */
export function routes(stack: Entry[], action: Action): Entry[] {
	if (action.type === 'push') return [...stack, action.route];
	if (action.type === 'replace') return [...stack.slice(0, -1), action.route];
	if (stack.length > 1) return stack.slice(0, -1);
	return stack[0]?.id === 'home' ? stack : [{id: 'home'}];
}

type Pending = {question: Confirmation; resolve: (yes: boolean) => void};

export default function App({context, initial, screens = registry, onExit}: Props) {
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
			replace: route => dispatch({type: 'replace', route}),
			back: () => dispatch({type: 'back'}),
			exit,
			menu: menuScreens(screens).map(({id, title, description}) => ({id, title, description, open: () => dispatch({type: 'push', route: {id}})})),
		}),
		[context, confirm, exit, screens],
	);
	const footer = useMemo(() => ({setHints}), []);
	const route = stack.at(-1)!;
	const screen = screens.find(candidate => candidate.id === route.id);

	return (
		<AppContext.Provider value={value}>
			<FooterContext.Provider value={footer}>
				<Box flexDirection="column">
					<Header title={screen?.title ?? 'no such screen'} />
					{screen ? (
						<Suspense fallback={<Text dimColor>{`  loading ${screen.title}…`}</Text>}>
							<Shown key={stack.length} screen={screen} isActive={!pending} params={route.params} />
						</Suspense>
					) : (
						<UnknownScreen key={stack.length} id={route.id} isActive={!pending} />
					)}
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

/**
 * The screen of a route. The registry pairs each id with the component that takes that id's
 * params (checked in screens/index.ts) and a Route types its params by its id, so the component
 * found by the route's id takes the route's params.
 */
function Shown({screen, params, isActive}: {screen: RoutedScreen; params: unknown; isActive: boolean}) {
	const Component = screen.component as ComponentType<ScreenProps<unknown>>;
	return <Component isActive={isActive} params={params} />;
}

/** A route to a screen the registry does not have: a programming error, said as one (never another screen in its place). */
function UnknownScreen({id, isActive}: {id: string; isActive: boolean}) {
	const {back, exit} = useAppContext();
	useKeymap(
		[
			{keys: ['escape'], hint: 'esc', label: 'back', run: back},
			{keys: ['q'], label: 'quit', run: () => exit(1)},
		],
		{isActive},
	);
	return <Text color="red">{`  No screen "${stripControl(id)}": a command or a screen opened a screen that is not registered (screens/index.ts).`}</Text>;
}
