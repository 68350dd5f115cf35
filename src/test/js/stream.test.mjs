// stream.js under node, with a fake EventSource: which events reach the store and when the page reloads.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

import { openStream } from '../../main/resources/static/app/stream.js';

/** A stand-in for the browser's EventSource: the test fires its events. */
class FakeEventSource {
	static CLOSED = 2;

	static opened = [];

	readyState = 0;

	#listeners = new Map();

	constructor(url) {
		this.url = url;
		FakeEventSource.opened.push(this);
	}

	addEventListener(type, listener) {
		this.#listeners.set(type, [...(this.#listeners.get(type) || []), listener]);
	}

	fire(type, event = {}) {
		(this.#listeners.get(type) || []).forEach((listener) => listener(event));
	}

	close() {
		this.readyState = FakeEventSource.CLOSED;
	}
}

let stream;
let calls;

/** Opens the stream afresh, counting what it tells the page. */
function open() {
	FakeEventSource.opened = [];
	calls = { changes: [], reloads: 0, opens: 0, downs: 0 };
	stream = openStream({
		onChange: (change) => calls.changes.push(change),
		onReload: () => calls.reloads++,
		onOpen: () => calls.opens++,
		onDown: () => calls.downs++,
	});
}

beforeEach(() => {
	globalThis.EventSource = FakeEventSource;
	open();
});

afterEach(() => stream.close());

test('created, updated and deleted events reach the store; unreadable ones do not', () => {
	const source = FakeEventSource.opened[0];
	assert.equal(source.url, '/todos/events', 'the page listens to the wrong stream');
	source.fire('open');
	source.fire('created', { lastEventId: '1', data: '{"seq":1,"type":"created","id":1}' });
	source.fire('deleted', { lastEventId: '2', data: '{"seq":2,"type":"deleted","id":1}' });
	source.fire('updated', { lastEventId: '3', data: 'not json' });
	assert.deepEqual(calls.changes.map((c) => c.seq), [1, 2], 'live changes are lost, or garbage reaches the store');
	assert.equal(calls.reloads, 0, 'the first open of the stream reloads the list');
});

test('a reset event reloads the list', () => {
	FakeEventSource.opened[0].fire('reset');
	assert.equal(calls.reloads, 1, 'after a reset (the service could not replay) the page shows a stale list');
});

test('a stream that dropped after an event catches up by itself; one that dropped before reloads', () => {
	const source = FakeEventSource.opened[0];
	source.fire('open');
	source.fire('created', { lastEventId: '1', data: '{"seq":1}' });
	source.fire('error');
	source.fire('open');
	assert.equal(calls.reloads, 0, 'a reconnect that replays the missed events reloads the list as well');
	assert.equal(calls.downs, 1, 'a dropped stream is not reported');

	stream.close();
	open();
	const fresh = FakeEventSource.opened[0];
	fresh.fire('open');
	fresh.fire('error');
	fresh.fire('open');
	assert.equal(calls.reloads, 1, 'a stream that dropped before its first event misses changes: no reload');
});

test('a stream the service refused is opened again later, and the list reloaded', () => {
	// setTimeout held here (not node's experimental mock timers): the test says when the pause is over.
	const timers = [];
	const realSetTimeout = globalThis.setTimeout;
	globalThis.setTimeout = (callback, ms) => timers.push({ callback, ms });
	try {
		const source = FakeEventSource.opened[0];
		source.readyState = FakeEventSource.CLOSED;
		source.fire('error');
		assert.equal(FakeEventSource.opened.length, 1, 'a refused stream is retried at once, hammering the service');
		assert.ok(timers.length === 1 && timers[0].ms >= 1000, 'a refused stream is not retried after a pause');
		timers[0].callback();
		assert.equal(FakeEventSource.opened.length, 2, 'a refused stream is never opened again: live updates stop');
		FakeEventSource.opened[1].fire('open');
		assert.equal(calls.reloads, 1, 'the new stream (no Last-Event-ID) cannot catch up, yet the list is not reloaded');
	}
	finally {
		globalThis.setTimeout = realSetTimeout;
	}
});
