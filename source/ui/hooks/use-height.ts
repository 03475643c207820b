// The height Ink laid a box out at, after each render: how the details pane knows that it holds
// more than fits (and the footer can say PgDn).
import {measureElement, type DOMElement} from 'ink';
import {useLayoutEffect, useRef, useState} from 'react';

export function useHeight(): [React.RefObject<DOMElement | null>, number | undefined] {
	const ref = useRef<DOMElement>(null);
	const [height, setHeight] = useState<number | undefined>(undefined);
	useLayoutEffect(() => {
		if (!ref.current) return;
		const measured = measureElement(ref.current).height;
		if (measured !== height) setHeight(measured);
	});
	return [ref, height];
}
