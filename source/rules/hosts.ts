// Host names as the checks compare and print them: one leaf module (no imports), so every check parses
// `host[:port]`, URLs and bracketed IPv6 literals the same way.

/** `host[:port]` of a URL as WHATWG URL reads it; the text itself when it is no URL. */
export function hostOfUrl(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/** The host name of `host[:port]` or `[v6]:port`, lower case, without the port or brackets. */
export function hostnameOf(host: string): string {
	const bracket = /^\[([^\]]*)\]/.exec(host);
	if (bracket) return bracket[1]!.toLowerCase();
	const colon = host.lastIndexOf(':');
	return (colon >= 0 && /^[0-9]+$/.test(host.slice(colon + 1)) ? host.slice(0, colon) : host).toLowerCase();
}

const dnsName = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;
const ipv4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const ipv6 = /^\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9._~-]+)?\]$/;

/**
 * A host name or an IP literal, with an optional `:port`: the only kind of host that may enter a command the tool
 * shows or runs. A server can name any bytes as a host (Go's URL parser accepts `x';>pwned;'`); those never pass.
 */
export function isHostName(text: string): boolean {
	const port = /:(\d{1,5})$/.exec(text);
	const host = port && !/^\[[^\]]*$/.test(text.slice(0, port.index)) ? text.slice(0, port.index) : text;
	if (port && Number(port[1]) > 65535) return false;
	return dnsName.test(host) || ipv4.test(host) || ipv6.test(host);
}
