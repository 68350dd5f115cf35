// app.js: the web app's controller. It wires the page's controls to the API and the store, keeps the
// store in step with the live stream, keeps the filter in the URL (#/active, #/completed) and shows the
// banner while the service cannot be reached.

import {
	ApiError, PAGE_SIZE, SIGN_IN_URL, Unreachable, countTodos, createTodo, csrfToken, deleteTodo, listTodos, newKey,
	patchTodo, ping, signOut,
} from './api.js';
import { TodoStore } from './store.js';
import { openStream } from './stream.js';
import { View } from './view.js';

/** Writes at once, at most: a browser opens 6 connections to a host, and the event stream holds one. */
const CONCURRENT_WRITES = 4;

const PROBE_EVERY_MS = 2000;

/** How long the stream may stay down while requests still work before the banner says so. */
const STREAM_GRACE_MS = 5000;

/** The first load waits for the stream to open, but no longer than this. */
const FIRST_LOAD_LATEST_MS = 2000;

/** The counts are asked again this long after a change the page learned of (once for a burst of them). */
const COUNTS_AFTER_MS = 250;

const store = new TodoStore();
const view = new View(document);
const writeSlot = limiter(CONCURRENT_WRITES);

/** The edit in progress: {id, title (as it started), form, committing}. */
let editing = null;

/** The last todo the add form sent: sending the same again (after no answer) reuses its Idempotency-Key. */
let addAttempt = null;

/**
 * requestsFailing: a request got no answer (or 502/503/504), `detail` says which; stream: connecting,
 * open or down; streamStalled: down longer than the grace period.
 */
const connection = {
	requestsFailing: false,
	detail: null,
	probe: null,
	stream: 'connecting',
	streamStalled: false,
	stallTimer: null,
	signedOut: false,
};

function filter() {
	const route = location.hash.replace(/^#\/?/, '');
	return route === 'active' || route === 'completed' ? route : 'all';
}

function render() {
	if (editing && !store.get(editing.id)) {
		view.say(`“${editing.title}” was deleted elsewhere.`);
		editing = null;
	}
	view.render(store.items(), {
		filter: filter(),
		more: store.next !== null,
		loaded: store.loaded,
		editingId: editing ? editing.id : null,
		open: store.counts ? store.counts.open : null,
	});
}

// Reachability: the banner shows while requests fail, and a probe watches for the service to answer
// again. A stream that drops is probed at once: it may have ended for a harmless reason (a timeout, a
// proxy) and the browser reconnects by itself; if the service does not answer either, it is unreachable.

function unreachable(detail = null) {
	connection.requestsFailing = true;
	connection.detail = detail;
	if (!connection.probe) {
		connection.probe = setInterval(probe, PROBE_EVERY_MS);
	}
	updateBanner();
}

function reachable() {
	if (connection.requestsFailing) {
		connection.requestsFailing = false;
		connection.detail = null;
		clearInterval(connection.probe);
		connection.probe = null;
		updateBanner();
		if (!store.loaded) {
			load();
		}
	}
}

/** A write went through: the service is there, and the notice of an earlier failure is stale. */
function wrote() {
	reachable();
	view.say('');
	countsSoon();
}

async function probe() {
	try {
		await ping();
		reachable();
	}
	catch (error) {
		failed(error, { what: null });
	}
}

function streamOpen() {
	clearTimeout(connection.stallTimer);
	connection.stream = 'open';
	connection.streamStalled = false;
	updateBanner();
}

function streamDown() {
	if (connection.stream !== 'down') {
		connection.stream = 'down';
		connection.stallTimer = setTimeout(() => {
			connection.streamStalled = true;
			updateBanner();
		}, STREAM_GRACE_MS);
	}
	updateBanner();
	probe();
}

function updateBanner() {
	let detail = null;
	if (connection.requestsFailing) {
		detail = connection.detail || '';
	}
	else if (connection.stream === 'down' && connection.streamStalled && !connection.signedOut) {
		detail = 'Live updates are interrupted; reconnecting…';
	}
	view.setBanner(detail);
	document.documentElement.dataset.stream = connection.stream;
}

/** What the page does with a failed request: `form` gets a 422's field errors, the rest is said after `what`. */
function failed(error, { form = null, what = 'Not saved' } = {}) {
	let reason;
	if (error instanceof Unreachable) {
		unreachable();
		reason = 'the service could not be reached.';
	}
	else if (error instanceof ApiError && error.unavailable) {
		unreachable(error.message);
		reason = error.message;
	}
	else if (error instanceof ApiError && error.signInRequired) {
		account(false);
		return;
	}
	else if (error instanceof ApiError && error.status === 422 && form) {
		view.showErrors(form, error.fieldErrors);
		return;
	}
	else if (error instanceof ApiError) {
		reachable();
		reason = error.fieldErrors.map((e) => e.message).join(' ') || error.message;
	}
	else {
		throw error;
	}
	if (what) {
		view.say(`${what}: ${reason}`);
	}
}

// Sign-in: when the service requires it, a 401 offers the sign-in link (the service signs the browser in
// at its OpenID provider and comes back here); a signed-in page offers sign-out. The open mode has neither.

function account(signedIn) {
	connection.signedOut = !signedIn;
	const signIn = document.getElementById('sign-in');
	signIn.href = SIGN_IN_URL;
	signIn.hidden = signedIn;
	// Only a signed-in browser session has a CSRF token: the open mode has no session to end.
	document.getElementById('sign-out').hidden = !signedIn || csrfToken() === null;
	if (!signedIn) {
		view.say('Sign in to see and change your todos.');
	}
	updateBanner();
}

async function signOutClicked() {
	try {
		await signOut();
	}
	catch (error) {
		failed(error, { what: 'Not signed out' });
		return;
	}
	location.reload();
}

// Loading

/**
 * The numbers of open and completed todos, from the service: the counter is true without every page
 * loaded. Only the answer to the latest request counts, and only when the page did not move the numbers
 * itself while it was on its way; a failure leaves the counter as it was.
 */
let countsAsked = 0;

let countsTimer = null;

async function refreshCounts() {
	const asked = ++countsAsked;
	const moved = store.countsMoved;
	try {
		const counts = await countTodos();
		if (asked !== countsAsked) {
			return;
		}
		if (moved === store.countsMoved) {
			store.setCounts(counts);
		}
		else {
			countsSoon(); // the page moved the counts meanwhile: this answer may not have that change yet
		}
	}
	catch {
		// The counter keeps its numbers (or counts the loaded todos); the next change asks again.
	}
}

/** Asks for the counts shortly after a change, once for a burst of changes. */
function countsSoon() {
	if (!countsTimer) {
		countsTimer = setTimeout(() => {
			countsTimer = null;
			refreshCounts();
		}, COUNTS_AFTER_MS);
	}
}

/** The first page, or on a reload as many todos as the page shows. */
async function load() {
	const limit = store.loaded ? Math.min(1000, Math.max(PAGE_SIZE, store.size)) : PAGE_SIZE;
	refreshCounts();
	store.beginLoad();
	try {
		const { todos, next } = await listTodos(`/todos/?limit=${limit}`);
		reachable();
		account(true);
		store.replace(todos, next);
	}
	catch (error) {
		failed(error, { what: 'Could not load the todos' });
	}
	finally {
		store.endLoad();
	}
}

async function loadMore() {
	if (!store.next || view.loadMore.disabled) {
		return;
	}
	const before = new Set(store.items().map((item) => item.todo.id));
	view.setLoadingMore(true);
	store.beginLoad();
	try {
		const { todos, next } = await listTodos(store.next);
		reachable();
		store.append(todos, next);
		// The button goes away with the last page: keyboard focus moves on to the first new todo.
		const added = todos.find((todo) => !before.has(todo.id));
		if (next === null && added) {
			queueMicrotask(() => view.focusItem(added.id));
		}
	}
	catch (error) {
		failed(error, { what: 'Could not load more' });
	}
	finally {
		store.endLoad();
		view.setLoadingMore(false);
	}
}

// Writes

async function add(event) {
	event.preventDefault();
	const title = view.newTitle.value.trim();
	const description = view.newDescription.value.trim();
	if (!title && !description) {
		return;
	}
	view.clearErrors(view.newForm);
	if (!addAttempt || addAttempt.title !== title || addAttempt.description !== description) {
		addAttempt = { title, description, key: newKey() };
	}
	const attempt = addAttempt;
	view.formStatus('saving…');
	const since = store.lastSeq;
	try {
		const { todo, accepted, version } = await writeSlot(() => createTodo(
			{ title, description: description || null }, attempt.key));
		wrote();
		if (accepted) {
			store.accepted(todo.id, todo, (shown) => shown !== null, since);
		}
		else {
			store.stored(todo, version);
		}
		addAttempt = null;
		if (view.newTitle.value.trim() === title && view.newDescription.value.trim() === description) {
			view.newTitle.value = '';
			view.newDescription.value = '';
			view.showCharactersLeft(view.newTitle);
			view.showCharactersLeft(view.newDescription);
		}
		view.formStatus('');
	}
	catch (error) {
		view.formStatus('');
		if (error instanceof ApiError && !error.unavailable) {
			addAttempt = null;
		}
		failed(error, { form: view.newForm, what: 'Not added' });
		if (error instanceof ApiError && error.status === 422) {
			view.focusFirstError(view.newForm);
		}
	}
}

/** Changes the fields in `patch`; true when the service took it (stored, or accepted: 202). */
async function update(id, patch, { form = null } = {}) {
	const since = store.begin(id, form ? null : patch);
	try {
		const { todo, accepted, version } = await writeSlot(() => patchTodo(id, patch));
		wrote();
		if (accepted) {
			store.accepted(id, todo, (shown) => shown === null || Object.keys(patch)
				.every((field) => (shown[field] ?? null) === (patch[field] ?? null)), since);
		}
		else {
			store.stored(todo, version);
		}
		return true;
	}
	catch (error) {
		if (error instanceof ApiError && error.status === 404) {
			store.removed(id);
			view.say('That todo was deleted elsewhere.');
		}
		else {
			failed(error, { form });
		}
		return false;
	}
	finally {
		store.end(id);
	}
}

async function remove(id) {
	const since = store.begin(id);
	try {
		const { accepted } = await writeSlot(() => deleteTodo(id));
		wrote();
		if (accepted) {
			store.accepted(id, null, (shown) => shown === null, since);
		}
		else {
			store.removed(id);
		}
	}
	catch (error) {
		if (error instanceof ApiError && error.status === 404) {
			store.removed(id);
		}
		else {
			failed(error, { what: 'Not deleted' });
		}
	}
	finally {
		store.end(id);
	}
}

function toggleAll() {
	const completed = view.toggleAll.checked;
	store.items()
		.filter((item) => item.todo.completed !== completed)
		.forEach((item) => update(item.todo.id, { completed }));
}

function clearCompleted() {
	store.items().filter((item) => item.todo.completed).forEach((item) => remove(item.todo.id));
}

// Editing in place: double-click or Edit; Enter saves, Escape cancels, leaving the form saves, and an
// empty title deletes (as in TodoMVC).

function startEditing(id) {
	const todo = store.get(id);
	if (!todo || (editing && editing.committing)) {
		return;
	}
	if (editing) {
		stopEditing(false);
	}
	editing = { id, title: todo.title, form: null, committing: false };
	render();
	editing.form = view.startEditing(todo);
}

function stopEditing(restoreFocus) {
	const { id } = editing;
	editing = null;
	view.stopEditing(id);
	render();
	if (restoreFocus) {
		view.focusEditButton(id);
	}
}

async function commitEditing(restoreFocus) {
	if (!editing || editing.committing) {
		return;
	}
	const session = editing;
	const todo = store.get(session.id);
	const { title, description } = view.editValues(session.form);
	if (!title) {
		stopEditing(false);
		if (restoreFocus) {
			view.newTitle.focus();
		}
		await remove(session.id);
		return;
	}
	const patch = {};
	if (title !== todo.title) {
		patch.title = title;
	}
	if ((description || null) !== (todo.description ?? null)) {
		patch.description = description || null;
	}
	if (Object.keys(patch).length === 0) {
		stopEditing(restoreFocus);
		return;
	}
	session.committing = true;
	view.clearErrors(session.form);
	const saved = await update(session.id, patch, { form: session.form });
	session.committing = false;
	if (editing !== session) {
		return; // cancelled, or deleted elsewhere, while it saved
	}
	if (saved) {
		stopEditing(restoreFocus);
	}
	else if (restoreFocus) {
		view.focusFirstError(session.form);
	}
}

// Wiring

function idOf(element) {
	const li = element.closest('li[data-id]');
	return li ? Number(li.dataset.id) : null;
}

/** An input changed: its error goes (it may be fixed now) and its counter follows. */
function edited(form, input) {
	if (input.name) {
		view.clearError(form, input.name);
		view.showCharactersLeft(input);
	}
}

function wire() {
	view.newForm.addEventListener('submit', add);
	view.newForm.addEventListener('input', (event) => edited(view.newForm, event.target));
	view.toggleAll.addEventListener('change', toggleAll);
	view.clearCompleted.addEventListener('click', clearCompleted);
	view.loadMore.addEventListener('click', loadMore);
	window.addEventListener('hashchange', render);
	window.addEventListener('online', probe);

	view.list.addEventListener('change', (event) => {
		if (event.target.matches('.toggle')) {
			update(idOf(event.target), { completed: event.target.checked });
		}
	});
	view.list.addEventListener('click', (event) => {
		if (event.target.closest('.destroy')) {
			remove(idOf(event.target));
		}
		else if (event.target.closest('.edit')) {
			startEditing(idOf(event.target));
		}
	});
	view.list.addEventListener('dblclick', (event) => {
		if (event.target.closest('.text')) {
			startEditing(idOf(event.target));
		}
	});
	view.list.addEventListener('keydown', (event) => {
		if (!editing || !event.target.closest('.edit-form')) {
			return;
		}
		if (event.key === 'Enter') {
			event.preventDefault();
			commitEditing(true);
		}
		else if (event.key === 'Escape') {
			event.preventDefault();
			stopEditing(true);
		}
	});
	// Leaving the form saves. Checked a moment later: focus can leave before it arrives elsewhere.
	view.list.addEventListener('focusout', (event) => {
		const form = event.target.closest('.edit-form');
		if (editing && form && !form.contains(event.relatedTarget)) {
			setTimeout(() => {
				if (editing && editing.form === form && !form.contains(document.activeElement)) {
					commitEditing(false);
				}
			});
		}
	});
	view.list.addEventListener('submit', (event) => event.preventDefault());
	view.list.addEventListener('input', (event) => {
		const form = event.target.closest('.edit-form');
		if (form) {
			edited(form, event.target);
		}
	});
}

/**
 * The list loads once the stream is open: every change committed after that reaches the page as an
 * event, so none can fall between the list and the stream. A stream that cannot open does not hold
 * the list back for long.
 */
function start() {
	store.subscribe(render);
	wire();
	updateBanner();
	render();
	let leaving = false;
	window.addEventListener('pagehide', () => {
		leaving = true;
	});
	document.getElementById('sign-out').addEventListener('click', signOutClicked);
	let loading = false;
	const firstLoad = () => {
		if (!loading) {
			loading = true;
			load();
		}
	};
	setTimeout(firstLoad, FIRST_LOAD_LATEST_MS);
	openStream({
		onChange: (change) => {
			store.applyEvent(change);
			countsSoon();
		},
		onReload: load,
		onOpen: () => {
			streamOpen();
			firstLoad();
		},
		onDown: () => {
			if (!leaving) {
				streamDown();
				firstLoad();
			}
		},
	});
}

/** Runs at most `size` of the given tasks at once; the others wait their turn. */
function limiter(size) {
	let running = 0;
	const waiting = [];
	const next = () => {
		if (running < size && waiting.length) {
			running++;
			const { task, resolve, reject } = waiting.shift();
			task().then(resolve, reject).finally(() => {
				running--;
				next();
			});
		}
	};
	return (task) => new Promise((resolve, reject) => {
		waiting.push({ task, resolve, reject });
		next();
	});
}

start();
