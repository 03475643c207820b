// The engine's clock, ticking once a second, and only while something runs: no timer when idle.
import {useEffect, useState} from 'react';
import {useUi} from './use-ui.js';

export function useNow(active: boolean, intervalMs = 1000): number {
	const {now} = useUi();
	const [value, setValue] = useState(now);
	useEffect(() => {
		if (!active) return;
		setValue(now());
		const timer = setInterval(() => setValue(now()), intervalMs);
		return () => clearInterval(timer);
	}, [active, intervalMs, now]);
	return active ? value : now();
}
