// What every component may need from its surroundings without props passed down: whether colour is
// allowed (NO_COLOR), the run's redaction, and the engine's clock.
import {createContext, useContext} from 'react';
import {redactByShape} from '../../engine/redact.js';
import type {StatusStyle} from '../../output/status-style.js';

export type Ui = {
	color: boolean;
	/** The run's Redactor.redact: every string from a result goes through it before it is shown. */
	redact(text: string): string;
	now(): number;
};

export const UiContext = createContext<Ui>({color: false, redact: redactByShape, now: () => performance.now()});

export function useUi(): Ui {
	return useContext(UiContext);
}

/** A colour when colour is allowed, nothing otherwise (NO_COLOR: https://no-color.org). */
export function useTint(): (color: StatusStyle['color'] | 'cyan' | 'blue' | 'magenta') => string | undefined {
	const {color} = useUi();
	return name => (color ? name : undefined);
}
