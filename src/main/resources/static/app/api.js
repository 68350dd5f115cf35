// api.js: the HTTP calls the page makes, on the service's public API like any other client, and what
// their answers mean. A call resolves to what the service stored (or accepted, on 202), or throws
// ApiError (the service answered with a problem) or Unreachable (no answer at all). When the service
// requires sign-in, the browser's session cookie (HttpOnly: no script sees it, nor any token) signs the
// calls, and every write echoes the XSRF-TOKEN cookie in the X-XSRF-TOKEN header (CSRF protection).

/** Where the service signs a browser in (its OpenID provider, authorization code with PKCE). */
export const SIGN_IN_URL = '/oauth2/authorization/oidc';

/** How many todos one page of the list holds. */
export const PAGE_SIZE = 50;

/** No answer: the network or the service is down. */
export class Unreachable extends Error {
	constructor(cause) {
		super('The service is unreachable', { cause });
		this.name = 'Unreachable';
	}
}

/** An RFC 9457 problem answer; on 422 `fieldErrors` lists `{field, message}`. */
export class ApiError extends Error {
	constructor(status, problem) {
		super(problem.detail || problem.title || `HTTP ${status}`);
		this.name = 'ApiError';
		this.status = status;
		this.fieldErrors = Array.isArray(problem.errors) ? problem.errors : [];
	}

	/** 401: nobody is signed in (or the session ended). */
	get signInRequired() {
		return this.status === 401;
	}

	/** 502, 503, 504: the service (or what stands before it) cannot serve now; retrying may work. */
	get unavailable() {
		return this.status === 502 || this.status === 503 || this.status === 504;
	}
}

/** A page of todos: `{todos, next}`, next being the URL of the following page or null. */
export async function listTodos(url = `/todos/?limit=${PAGE_SIZE}`) {
	const { response, body } = await send(url);
	return { todos: body, next: nextLink(response.headers.get('Link')) };
}

/** The numbers of todos: `{open, completed}` (GET /todos/count). */
export async function countTodos() {
	const { body } = await send('/todos/count');
	return { open: Number(body.open), completed: Number(body.completed) };
}

/** Creates a todo; `key` makes a retry after a lost answer safe (Idempotency-Key). */
export async function createTodo(todo, key) {
	return written(await send('/todos/', {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
		body: JSON.stringify(todo),
	}));
}

/** Changes the members given (JSON Merge Patch: `description: null` removes it). */
export async function patchTodo(id, patch) {
	return written(await send(`/todos/${id}`, {
		method: 'PATCH',
		headers: { 'Content-Type': 'application/merge-patch+json' },
		body: JSON.stringify(patch),
	}));
}

export async function deleteTodo(id) {
	const { response } = await send(`/todos/${id}`, { method: 'DELETE' });
	return { accepted: response.status === 202 };
}

/** A cheap request that tells whether the service answers again. */
export async function ping() {
	await send('/todos/?limit=1');
}

/** Ends the browser's session (POST /logout). */
export async function signOut() {
	await send('/logout', { method: 'POST' });
}

/** The CSRF token the service handed a signed-in browser, or null (none in the open mode). */
export function csrfToken() {
	const cookies = globalThis.document ? globalThis.document.cookie : '';
	const match = /(?:^|;\s*)XSRF-TOKEN=([^;]*)/.exec(cookies || '');
	return match ? decodeURIComponent(match[1]) : null;
}

/** A fresh Idempotency-Key (randomUUID needs a secure context; plain http elsewhere has only this). */
export function newKey() {
	if (crypto.randomUUID) {
		return crypto.randomUUID();
	}
	return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function written({ response, body }) {
	return { todo: body, accepted: response.status === 202, version: version(response.headers.get('ETag')) };
}

async function send(url, init = {}) {
	let response;
	let text;
	const headers = { Accept: 'application/json', ...init.headers };
	const token = csrfToken();
	if (token && init.method && init.method !== 'GET') {
		headers['X-XSRF-TOKEN'] = token;
	}
	try {
		response = await fetch(url, { ...init, headers });
		text = await response.text();
	}
	catch (error) {
		throw new Unreachable(error);
	}
	let body = null;
	try {
		body = text ? JSON.parse(text) : null;
	}
	catch {
		// not JSON: a proxy's error page, say; the status still tells what happened
	}
	if (!response.ok) {
		throw new ApiError(response.status, body && typeof body === 'object' ? body : {});
	}
	return { response, body };
}

/** The ETag `"7"` as the number 7; 0 when absent (a 202 has none). */
function version(etag) {
	const match = /^(?:W\/)?"(\d+)"$/.exec(etag || '');
	return match ? Number(match[1]) : 0;
}

/**
 * The `rel="next"` target of a Link header. The service builds it from the request's Host, which a
 * proxy may rewrite: a link to another origin is followed on this one (the page may only call itself).
 */
function nextLink(header) {
	const match = /<([^>]*)>\s*;[^,]*\brel="?next"?/.exec(header || '');
	if (!match) {
		return null;
	}
	const url = new URL(match[1], location.href);
	return url.origin === location.origin ? url.href : url.pathname + url.search;
}
