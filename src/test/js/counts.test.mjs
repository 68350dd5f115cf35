// The counter's numbers: the service's counts (GET /todos/count) in the store, moved by what the page
// learns before it asks again, and the words beside the inputs ("12 characters left").

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TodoStore } from '../../main/resources/static/app/store.js';
import { charactersLeft, itemsLeft } from '../../main/resources/static/app/view.js';

function todo(id, fields = {}) {
	return { id, title: `todo ${id}`, description: null, completed: false, ...fields };
}

/** A store showing the first 50 of 253 todos (3 of them completed), with the service's counts. */
function firstPageOf253() {
	const store = new TodoStore();
	const todos = [];
	for (let id = 1; id <= 50; id++) {
		todos.push(todo(id));
	}
	store.replace(todos, '/todos/?limit=50&after=50');
	store.setCounts({ open: 250, completed: 3 });
	return store;
}

const event = (seq, type, id, version, fields = {}) => ({
	seq, type, id, version, todo: type === 'deleted' ? null : todo(id, fields),
});

test('the counts are unknown until the service tells them', () => {
	const store = new TodoStore();
	store.replace([todo(1)], null);
	assert.equal(store.counts, null);
	store.applyEvent(event(1, 'created', 2, 1));
	assert.equal(store.counts, null, 'nothing to move yet: the page counts what it holds');
});

test('from the first screen the counter has every open todo, not the loaded page', () => {
	const store = firstPageOf253();
	assert.deepEqual(store.counts, { open: 250, completed: 3 });
	assert.equal(`${store.counts.open}${itemsLeft(store.counts.open, false)}`, '250 items left');
	assert.equal(store.items().length, 50);
});

test('a todo created elsewhere counts once, also beyond the loaded pages', () => {
	const store = firstPageOf253();
	store.applyEvent(event(1, 'created', 300, 1));
	assert.deepEqual(store.counts, { open: 251, completed: 3 });
	store.applyEvent(event(2, 'created', 301, 1, { completed: true }));
	assert.deepEqual(store.counts, { open: 251, completed: 4 });
});

test('a create answered 201 before its event counts once', () => {
	const store = firstPageOf253();
	store.stored(todo(400), 1);
	store.applyEvent(event(1, 'created', 400, 1));
	assert.deepEqual(store.counts, { open: 251, completed: 3 });
});

test('a create accepted (202) counts when its event shows it applied', () => {
	const store = firstPageOf253();
	store.accepted(401, todo(401), (shown) => shown !== null, 0);
	assert.deepEqual(store.counts, { open: 250, completed: 3 }, 'not stored yet');
	store.applyEvent(event(1, 'created', 401, 1));
	assert.deepEqual(store.counts, { open: 251, completed: 3 });
});

test('completing and reopening a loaded todo moves it between the numbers, once per version', () => {
	const store = firstPageOf253();
	store.applyEvent(event(1, 'updated', 7, 2, { completed: true }));
	assert.deepEqual(store.counts, { open: 249, completed: 4 });
	store.stored(todo(7, { completed: true }), 2);
	assert.deepEqual(store.counts, { open: 249, completed: 4 }, 'the answer of the same version');
	store.stored(todo(7), 3);
	assert.deepEqual(store.counts, { open: 250, completed: 3 });
	store.applyEvent(event(2, 'updated', 7, 3));
	assert.deepEqual(store.counts, { open: 250, completed: 3 }, 'the event of the answered version');
});

test('a new title does not move the numbers', () => {
	const store = firstPageOf253();
	store.applyEvent(event(1, 'updated', 7, 2, { title: 'renamed' }));
	assert.deepEqual(store.counts, { open: 250, completed: 3 });
});

test('a delete counts once, from its answer or its event, whichever comes first', () => {
	const store = firstPageOf253();
	store.removed(8);
	store.applyEvent(event(1, 'deleted', 8, 1));
	assert.deepEqual(store.counts, { open: 249, completed: 3 });
	store.applyEvent(event(2, 'deleted', 9, 1));
	store.removed(9);
	assert.deepEqual(store.counts, { open: 248, completed: 3 });
});

test('a change to a todo the page never loaded waits for the service\'s next answer', () => {
	const store = firstPageOf253();
	store.applyEvent(event(1, 'updated', 200, 2, { completed: true }));
	store.applyEvent(event(2, 'deleted', 201, 1));
	assert.deepEqual(store.counts, { open: 250, completed: 3 }, 'which number moved is unknown');
	store.setCounts({ open: 248, completed: 4 });
	assert.deepEqual(store.counts, { open: 248, completed: 4 });
});

test('the numbers never go below zero', () => {
	const store = new TodoStore();
	store.replace([todo(1)], null);
	store.setCounts({ open: 0, completed: 0 });
	store.applyEvent(event(1, 'deleted', 1, 1));
	assert.deepEqual(store.counts, { open: 0, completed: 0 });
});

test('characters left: the words under an input', () => {
	assert.equal(charactersLeft(0, 100), '100 characters left');
	assert.equal(charactersLeft(99, 100), '1 character left');
	assert.equal(charactersLeft(100, 100), '0 characters left');
	assert.equal(charactersLeft(120, 100), '0 characters left', 'never negative');
	assert.equal(charactersLeft(5, 255), '250 characters left');
});
