// The web app's store under node's own test runner (node --test): no browser, no service. The writes
// call the store in the order app.js does (begin, the answer, then end), with the answers the API gives.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ApiError, Unreachable, patchTodo } from '../../main/resources/static/app/api.js';
import { TodoStore } from '../../main/resources/static/app/store.js';
import { FILTERS, itemsLeft } from '../../main/resources/static/app/view.js';

function todo(id, fields = {}) {
	return { id, title: `todo ${id}`, description: null, completed: false, ...fields };
}

function page(from, to, fields = {}) {
	const todos = [];
	for (let id = from; id <= to; id++) {
		todos.push(todo(id, fields));
	}
	return todos;
}

function loaded(todos, next = null) {
	const store = new TodoStore();
	store.replace(todos, next);
	return store;
}

const ids = (store) => store.items().map((item) => item.todo.id);
const shown = (store, id) => store.items().find((item) => item.todo.id === id);

/** The counter as the page shows it: "2 items left so far". */
function counter(store) {
	const active = store.items().filter((item) => !item.todo.completed).length;
	return `${active}${itemsLeft(active, store.next !== null)}`;
}

// Loading and paging

test('the first page shows its todos in id order and offers the next page', () => {
	const store = new TodoStore();
	assert.equal(store.loaded, false, 'the page says it is loaded before the list arrived');
	store.replace([todo(2), todo(1), todo(3)], '/todos/?limit=3&after=3');
	assert.equal(store.loaded, true, 'the page keeps saying "Loading…" after the list arrived');
	assert.deepEqual(ids(store), [1, 2, 3], 'the list does not show the first page in id order');
	assert.equal(store.next, '/todos/?limit=3&after=3', '"Load more" would not fetch the next page');
});

test('"Load more" adds the next page, skips todos already shown, and disappears at the end', () => {
	const store = loaded(page(1, 3), '/todos/?after=3');
	store.append([todo(3), todo(4), todo(5)], null);
	assert.deepEqual(ids(store), [1, 2, 3, 4, 5], 'the second page is not added once, in order');
	assert.equal(store.next, null, '"Load more" stays after the last page');
});

test('a reload replaces the list: a todo gone from it goes from the page', () => {
	const store = loaded(page(1, 3));
	store.replace([todo(1), todo(3, { title: 'renamed' })], null);
	assert.deepEqual(ids(store), [1, 3], 'a todo deleted while the page was away still shows after the reload');
	assert.equal(store.get(3).title, 'renamed', 'a reload shows the old title of a todo changed meanwhile');
});

test('an event that arrives while a page loads is applied after it, so the older page cannot undo it', () => {
	const store = loaded(page(1, 2));
	store.beginLoad();
	store.applyEvent({ seq: 5, type: 'updated', id: 2, version: 2, todo: todo(2, { title: 'new' }) });
	store.applyEvent({ seq: 6, type: 'deleted', id: 1 });
	store.replace([todo(1), todo(2, { title: 'old' })], null); // read before the events
	store.endLoad();
	assert.equal(store.get(2).title, 'new', 'a reload that raced a live update shows the stale title');
	assert.equal(store.get(1), null, 'a reload that raced a live delete brings the deleted todo back');
	assert.equal(store.lastSeq, 6, 'the buffered events are not counted as seen');
});

// The counter and the filters

test('the counter counts the active todos, and says "so far" while pages remain', () => {
	const store = loaded([todo(1), todo(2, { completed: true }), todo(3)], '/todos/?after=3');
	assert.equal(counter(store), '2 items left so far', 'the counter is wrong with more pages to load');
	store.append([todo(4, { completed: true })], null);
	assert.equal(counter(store), '2 items left', 'the counter still says "so far" after the last page');
	store.applyEvent({ seq: 1, type: 'updated', id: 1, version: 2, todo: todo(1, { completed: true }) });
	assert.equal(counter(store), '1 item left', 'the counter does not follow a todo completed elsewhere');
	store.applyEvent({ seq: 2, type: 'deleted', id: 3 });
	assert.equal(counter(store), '0 items left', 'the counter still counts a todo deleted elsewhere');
});

test('the filters show the active or the completed todos', () => {
	const store = loaded([todo(1), todo(2, { completed: true }), todo(3)]);
	const through = (filter) => store.items().filter((item) => FILTERS[filter](item.todo)).map((item) => item.todo.id);
	assert.deepEqual(through('all'), [1, 2, 3], '"All" hides todos');
	assert.deepEqual(through('active'), [1, 3], '"Active" shows the wrong todos');
	assert.deepEqual(through('completed'), [2], '"Completed" shows the wrong todos');
});

// Live events

test('a todo created elsewhere appears, unless its page is not loaded yet', () => {
	const store = loaded(page(1, 3), '/todos/?after=3');
	store.applyEvent({ seq: 1, type: 'created', id: 60, version: 1, todo: todo(60) });
	assert.deepEqual(ids(store), [1, 2, 3], 'a new todo shows before the pages between it and the list are loaded');
	store.append(page(4, 60), null);
	store.applyEvent({ seq: 2, type: 'created', id: 61, version: 1, todo: todo(61) });
	assert.equal(shown(store, 61)?.todo.title, 'todo 61', 'a todo created elsewhere does not appear on a fully loaded list');
});

test('an update from the stream shows; an older one arriving late does not undo it', () => {
	const store = loaded(page(1, 2));
	store.applyEvent({ seq: 2, type: 'updated', id: 1, version: 3, todo: todo(1, { title: 'third' }) });
	store.applyEvent({ seq: 1, type: 'updated', id: 1, version: 2, todo: todo(1, { title: 'second' }) });
	assert.equal(store.get(1).title, 'third', 'an out-of-order event brings back an older title');
	assert.equal(store.lastSeq, 2, 'an out-of-order event moves the stream position back');
});

test('the same event twice changes nothing more', () => {
	const store = loaded(page(1, 2));
	const created = { seq: 1, type: 'created', id: 3, version: 1, todo: todo(3) };
	store.applyEvent(created);
	store.applyEvent(created);
	const deleted = { seq: 2, type: 'deleted', id: 1 };
	store.applyEvent(deleted);
	store.applyEvent(deleted);
	assert.deepEqual(ids(store), [2, 3], 'a repeated event duplicates or loses a todo');
});

test('a deleted todo never comes back, from a late event or a stale page', () => {
	const store = loaded(page(1, 2), '/todos/?after=2');
	store.applyEvent({ seq: 3, type: 'deleted', id: 2 });
	store.applyEvent({ seq: 2, type: 'updated', id: 2, version: 2, todo: todo(2, { title: 'late' }) });
	assert.equal(store.get(2), null, 'an update that arrives after the delete brings the todo back');
	store.append([todo(2), todo(3)], null);
	store.replace(page(1, 3), null);
	assert.deepEqual(ids(store), [1, 3], 'a page read before the delete brings the todo back');
});

test('a change notifies the page once per task, however many events it applied', async () => {
	const store = loaded(page(1, 3));
	let renders = 0;
	store.subscribe(() => renders++);
	await Promise.resolve();
	renders = 0;
	for (let seq = 1; seq <= 3; seq++) {
		store.applyEvent({ seq, type: 'updated', id: seq, version: 2, todo: todo(seq, { completed: true }) });
	}
	await Promise.resolve();
	assert.equal(renders, 1, 'a burst of events renders the page more than once, or not at all');
});

// Writes: toggle, edit, delete, with what the service answers

/**
 * A toggle as app.js's update() makes it, through api.js over `fetch`: begin, the answer (stored, accepted
 * or 404), end whatever happened. Returns the error the page would report, if any.
 */
async function toggle(store, id, completed, fetch) {
	globalThis.fetch = fetch;
	const patch = { completed };
	const since = store.begin(id, patch);
	try {
		const { todo: answered, accepted, version } = await patchTodo(id, patch);
		if (accepted) {
			store.accepted(id, answered, (t) => t === null || t.completed === completed, since);
		}
		else {
			store.stored(answered, version);
		}
		return null;
	}
	catch (error) {
		if (error instanceof ApiError && error.status === 404) {
			store.removed(id);
		}
		return error;
	}
	finally {
		store.end(id);
	}
}

/** A fetch that answers with `status`, a JSON body and headers. */
function answering(status, body, headers = {}) {
	const type = status >= 400 ? 'application/problem+json' : 'application/json';
	return async () => new Response(body === null ? null : JSON.stringify(body),
		{ status, headers: { 'Content-Type': type, ...headers } });
}

function unreachable() {
	return async () => {
		throw new TypeError('fetch failed');
	};
}

test('a toggle answered 200 shows what the service stored, at the version of its ETag', async () => {
	const store = loaded([todo(1)]);
	await toggle(store, 1, true, answering(200, todo(1, { completed: true }), { ETag: '"4"' }));
	store.applyEvent({ seq: 1, type: 'updated', id: 1, version: 3, todo: todo(1) });
	assert.deepEqual(shown(store, 1), { todo: todo(1, { completed: true }), saving: false, accepted: false },
		'a stored toggle is lost, stays "saving…", or is undone by the (older) event of an earlier change');
});

test('a toggle answered 202 waits, accepted, for its event', async () => {
	const store = loaded([todo(1)]);
	await toggle(store, 1, true, answering(202, todo(1, { completed: true })));
	assert.deepEqual(shown(store, 1), { todo: todo(1, { completed: true }), saving: true, accepted: true },
		'an accepted toggle does not show as completed and waiting');
	store.applyEvent({ seq: 1, type: 'updated', id: 1, version: 2, todo: todo(1, { completed: true }) });
	assert.equal(shown(store, 1).saving, false, 'an accepted toggle stays "saving…" after its event');
});


test('a toggle shows at once, as saving, and the 200 answer settles it', () => {
	const store = loaded([todo(1)]);
	store.begin(1, { completed: true });
	assert.deepEqual(shown(store, 1), { todo: todo(1, { completed: true }), saving: true, accepted: false },
		'a toggle waits for the service to show, or does not say it is saving');
	store.stored(todo(1, { completed: true }), 2);
	store.end(1);
	assert.deepEqual(shown(store, 1), { todo: todo(1, { completed: true }), saving: false, accepted: false },
		'a toggle the service stored still shows as saving, or is lost');
});

for (const [answer, status, problem] of [
	['412 precondition failed', 412, { title: 'Precondition Failed' }],
	['422 problem', 422, { title: 'Unprocessable', errors: [{ field: 'completed', message: 'must be a boolean' }] }],
	['503 unavailable', 503, { title: 'Service Unavailable' }],
	['no answer', null, null],
]) {
	test(`a toggle that fails (${answer}) is rolled back`, async () => {
		const store = loaded([todo(1)]);
		const error = await toggle(store, 1, true, answer === 'no answer' ? unreachable() : answering(status, problem));
		assert.ok(error instanceof ApiError || error instanceof Unreachable, `a failed toggle is taken for a success (${answer})`);
		assert.deepEqual(shown(store, 1), { todo: todo(1), saving: false, accepted: false },
			`a toggle that failed with ${answer} still shows the todo as completed, or as saving`);
	});
}

test('a toggle answered 404 (deleted elsewhere) takes the todo off the page', async () => {
	const store = loaded(page(1, 2));
	await toggle(store, 1, true, answering(404, { title: 'Not Found' }));
	assert.deepEqual(ids(store), [2], 'a todo deleted elsewhere stays on the page after a toggle said so');
});

test('an edit refused with 422 keeps the old title (the form shows the errors)', () => {
	const store = loaded([todo(1, { title: 'old' })]);
	store.begin(1); // an edit form shows its own values meanwhile: no patch
	assert.equal(shown(store, 1).saving, true, 'an edit being saved does not say so');
	store.end(1);
	assert.equal(store.get(1).title, 'old', 'a refused edit changes the title anyway');
	assert.equal(shown(store, 1).saving, false, 'a refused edit stays "saving…" forever');
});

test('two toggles at once: the first answer does not undo the second one shown meanwhile', () => {
	const store = loaded([todo(1), todo(2)]);
	store.begin(1, { completed: true });
	store.begin(1, { title: 'renamed' });
	store.end(1); // the first failed
	assert.equal(shown(store, 1).todo.title, 'renamed', 'the answer to one write hides another still on its way');
	assert.equal(shown(store, 1).saving, true, 'a todo with a write on its way stops saying "saving…"');
	store.end(1);
	assert.equal(shown(store, 1).saving, false, 'a todo stays "saving…" after all its answers');
});

test('a 200 answer older than an event already shown does not bring the old version back', () => {
	const store = loaded([todo(1)]);
	store.begin(1, { title: 'mine' });
	store.applyEvent({ seq: 1, type: 'updated', id: 1, version: 3, todo: todo(1, { title: 'theirs, later' }) });
	store.stored(todo(1, { title: 'mine' }), 2);
	store.end(1);
	assert.equal(store.get(1).title, 'theirs, later', 'a slow answer overwrites a newer change made elsewhere');
});

test('a 202 (accepted) write stays "saving" until the stream shows it applied', () => {
	const store = loaded([todo(1)]);
	const patch = { completed: true };
	const since = store.begin(1, patch);
	store.accepted(1, todo(1, { completed: true }), (t) => t === null || t.completed === true, since);
	store.end(1);
	assert.deepEqual(shown(store, 1), { todo: todo(1, { completed: true }), saving: true, accepted: true },
		'an accepted write does not show as accepted and waiting');
	store.applyEvent({ seq: 1, type: 'updated', id: 1, version: 2, todo: todo(1, { title: 'other change' }) });
	assert.equal(shown(store, 1).saving, true, 'an unrelated event is taken for the accepted write');
	store.applyEvent({ seq: 2, type: 'updated', id: 1, version: 3, todo: todo(1, { completed: true }) });
	assert.equal(shown(store, 1).saving, false, 'an accepted write stays "saving…" after the stream showed it');
});

test('a 202 whose event came first is settled at once', () => {
	const store = loaded([todo(1)]);
	const since = store.begin(1, { completed: true });
	store.applyEvent({ seq: 1, type: 'updated', id: 1, version: 2, todo: todo(1, { completed: true }) });
	store.accepted(1, todo(1, { completed: true }), (t) => t === null || t.completed === true, since);
	store.end(1);
	assert.equal(shown(store, 1).saving, false, 'a 202 answer slower than its own event stays "saving…" forever');
});

test('a delete answered 200 or 404 removes the todo for good', () => {
	for (const answer of ['200', '404']) {
		const store = loaded(page(1, 2));
		store.begin(1);
		store.removed(1); // 404: it was gone already
		store.end(1);
		assert.deepEqual(ids(store), [2], `a delete answered ${answer} leaves the todo on the page`);
		store.applyEvent({ seq: 1, type: 'updated', id: 1, version: 2, todo: todo(1) });
		assert.deepEqual(ids(store), [2], `a late event brings back a todo deleted with ${answer}`);
	}
});

test('a delete that fails leaves the todo as it was', () => {
	const store = loaded(page(1, 2));
	store.begin(1);
	store.end(1);
	assert.deepEqual(store.items()[0], { todo: todo(1), saving: false, accepted: false },
		'a delete the service refused hides the todo or leaves it "saving…"');
});

test('a delete accepted (202) stays until the stream shows it deleted', () => {
	const store = loaded(page(1, 2));
	const since = store.begin(1);
	store.accepted(1, null, (t) => t === null, since);
	store.end(1);
	assert.equal(shown(store, 1)?.accepted, true, 'an accepted delete does not show as waiting to be applied');
	store.applyEvent({ seq: 1, type: 'deleted', id: 1 });
	assert.deepEqual(ids(store), [2], 'an accepted delete stays on the page after the stream showed it');
});

test('an edit answered 404 (deleted elsewhere) removes the todo', () => {
	const store = loaded(page(1, 2));
	store.begin(1, { completed: true });
	store.removed(1);
	store.end(1);
	assert.equal(store.get(1), null, 'a todo the service no longer has stays on the page');
});

test('a create accepted (202) shows at once, survives a reload that lacks it, and settles on its event', () => {
	const store = loaded(page(1, 2));
	const since = store.lastSeq;
	store.accepted(3, todo(3, { title: 'new' }), (t) => t !== null, since);
	assert.deepEqual(shown(store, 3), { todo: todo(3, { title: 'new' }), saving: true, accepted: true },
		'an accepted create does not show, or not as waiting');
	store.replace(page(1, 2), null);
	assert.equal(shown(store, 3)?.saving, true, 'a reload before the create was applied loses it');
	store.applyEvent({ seq: 1, type: 'created', id: 3, version: 1, todo: todo(3, { title: 'new' }) });
	assert.equal(shown(store, 3).saving, false, 'a create stays "saving…" after the stream showed it');
});
