// api.js under node: what the page makes of the service's answers, with `fetch` replaced by a fake.

import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import {
	ApiError, Unreachable, createTodo, deleteTodo, listTodos, patchTodo, signOut,
} from '../../main/resources/static/app/api.js';

/** The requests the fake fetch saw: [{url, init}]. */
let requests;

function answer(status, body, headers = {}) {
	globalThis.fetch = async (url, init) => {
		requests.push({ url, init });
		return new Response(typeof body === 'string' || body === null ? body : JSON.stringify(body), { status, headers });
	};
}

beforeEach(() => {
	requests = [];
	// The page's own address: links to the next page are resolved against it.
	globalThis.location = new URL('http://todos.example:8080/app/');
});

test('a page of the list comes with the link to the next one', async () => {
	answer(200, [{ id: 1 }], { Link: '<http://todos.example:8080/todos/?limit=50&after=1>; rel="next"' });
	const { todos, next } = await listTodos();
	assert.deepEqual(todos, [{ id: 1 }], 'the list page\'s todos are lost');
	assert.equal(next, 'http://todos.example:8080/todos/?limit=50&after=1', '"Load more" gets the wrong link');
	assert.equal(requests[0].url, '/todos/?limit=50', 'the first page is not asked for 50 todos');

	answer(200, [], { Link: '<http://internal:9000/todos/?after=1>; rel="next"' });
	assert.equal((await listTodos()).next, '/todos/?after=1',
		'behind a proxy that rewrites Host, "Load more" calls another origin');

	answer(200, []);
	assert.equal((await listTodos()).next, null, 'the last page still offers "Load more"');
});

test('a write answered 200 gives the stored todo and the version from its ETag', async () => {
	answer(200, { id: 1, completed: true }, { ETag: 'W/"7"' });
	assert.deepEqual(await patchTodo(1, { completed: true }), { todo: { id: 1, completed: true }, accepted: false, version: 7 },
		'a stored write is not recognised, or its version is lost');
	assert.equal(requests[0].init.method, 'PATCH', 'a toggle is not sent as PATCH');
	assert.equal(requests[0].init.headers['Content-Type'], 'application/merge-patch+json', 'a toggle is not a merge patch');
	assert.equal(requests[0].init.body, '{"completed":true}', 'a toggle sends the wrong change');
});

test('a write answered 202 is accepted, with no version yet', async () => {
	answer(202, { id: 1, completed: true });
	assert.deepEqual(await patchTodo(1, { completed: true }), { todo: { id: 1, completed: true }, accepted: true, version: 0 },
		'an accepted write is taken for a stored one');
	answer(202, null);
	assert.deepEqual(await deleteTodo(1), { accepted: true }, 'an accepted delete is taken for a done one');
	answer(204, null);
	assert.deepEqual(await deleteTodo(1), { accepted: false }, 'a done delete is taken for an accepted one');
});

test('a 422 problem carries its field errors and its detail', async () => {
	answer(422, { title: 'Unprocessable', detail: 'The todo is not valid', errors: [{ field: 'title', message: 'Title must not be blank' }] },
		{ 'Content-Type': 'application/problem+json' });
	const error = await patchTodo(1, { title: '' }).catch((e) => e);
	assert.ok(error instanceof ApiError, 'a validation problem is not reported as one');
	assert.equal(error.status, 422, 'a validation problem loses its status');
	assert.deepEqual(error.fieldErrors, [{ field: 'title', message: 'Title must not be blank' }],
		'the errors do not reach the fields of the form');
	assert.equal(error.message, 'The todo is not valid', 'the notice does not say the problem\'s detail');
});

test('404, 412 and 5xx answers are problems; only 502-504 make the service unavailable', async () => {
	for (const [status, unavailable] of [[404, false], [412, false], [500, false], [502, true], [503, true], [504, true]]) {
		answer(status, { title: `status ${status}` });
		const error = await patchTodo(1, { completed: true }).catch((e) => e);
		assert.equal(error.status, status, `a ${status} answer is not reported with its status`);
		assert.equal(error.unavailable, unavailable, `a ${status} answer ${unavailable ? 'does not show' : 'shows'} the unreachable banner`);
	}
});

test('an error page that is not JSON still says its status; no answer at all is Unreachable', async () => {
	answer(502, '<html>Bad Gateway</html>', { 'Content-Type': 'text/html' });
	const error = await deleteTodo(1).catch((e) => e);
	assert.equal(error.message, 'HTTP 502', 'a proxy\'s error page makes the notice unreadable');

	globalThis.fetch = async () => {
		throw new TypeError('fetch failed');
	};
	assert.ok(await deleteTodo(1).catch((e) => e) instanceof Unreachable, 'a lost connection is not reported as unreachable');
});

test('a signed-in browser echoes its CSRF cookie on writes, never on reads', async () => {
	globalThis.document = { cookie: 'theme=dark; XSRF-TOKEN=a%2Fb' };
	try {
		answer(201, { id: 1 }, { ETag: '"1"' });
		await createTodo({ title: 'Buy milk' }, 'key-1');
		assert.equal(requests[0].init.headers['X-XSRF-TOKEN'], 'a/b', 'a write goes without the CSRF header');
		answer(200, []);
		await listTodos();
		assert.equal(requests[1].init.headers['X-XSRF-TOKEN'], undefined, 'a read sends the CSRF header');
		answer(204, null);
		await signOut();
		assert.equal(requests[2].url, '/logout', 'sign-out does not end the session');
		assert.equal(requests[2].init.headers['X-XSRF-TOKEN'], 'a/b', 'sign-out goes without the CSRF header');
	}
	finally {
		delete globalThis.document;
	}
	answer(201, { id: 2 });
	await createTodo({ title: 'open mode' }, 'key-2');
	assert.equal(requests[3].init.headers['X-XSRF-TOKEN'], undefined, 'the open mode invents a CSRF header');
});

test('a 401 asks for sign-in', async () => {
	answer(401, { title: 'Unauthorized', status: 401 }, { 'Content-Type': 'application/problem+json' });
	await assert.rejects(listTodos(), (error) => error instanceof ApiError && error.signInRequired,
		'a 401 is not recognised as "sign in"');
});
