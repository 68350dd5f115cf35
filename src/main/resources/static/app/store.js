// store.js: what the page knows about the todos and the rules for merging what it learns. Sources are
// list pages (no versions), write answers (version from the ETag) and stream events (version in the
// data); a newer version wins, a deleted id never comes back, and a write the service accepted (202)
// stays "saving" until the stream shows it applied. The numbers of open and completed todos come from the
// service (GET /todos/count) and move with what the page learns until it asks again.

/** How many recent events per todo are kept, so a 202 that arrives after its own event still resolves. */
const RECENT_EVENTS = 10;

export class TodoStore {
	/**
	 * id → {todo, version (0 when only a list showed it), inFlight (requests on their way), optimistic (what
	 * they change, shown meanwhile), awaiting (matchers of accepted writes not applied yet)}
	 */
	#items = new Map();

	/** Ids the page saw deleted: ids are never reused, so any later event for one is stale. */
	#deleted = new Set();

	/** id → recent events [{seq, todo (null when deleted)}] */
	#recent = new Map();

	/** Events that arrive while a page of the list is loading: applied after it, in order. */
	#buffer = null;

	#listeners = new Set();

	#notifyQueued = false;

	/** The URL of the next page, or null when the loaded pages reach the end. */
	next = null;

	/** The highest id the loaded pages cover; later ids appear when their page is loaded. */
	cursor = 0;

	/** The last stream event applied (its seq). */
	lastSeq = 0;

	loaded = false;

	/**
	 * The service's numbers `{open, completed}` (GET /todos/count), moved by the changes the page learns
	 * of since; null until the service told them. The page asks again after changes, so a move the page
	 * could not know (a todo it never loaded) or counted twice lasts only until the answer.
	 */
	counts = null;

	/** How many times the page moved the counts itself: an answer asked for before a move may predate it. */
	countsMoved = 0;

	subscribe(listener) {
		this.#listeners.add(listener);
	}

	/** The todos the page shows, by id, each `{todo, saving, accepted}`. */
	items() {
		return [...this.#items.values()]
			.sort((a, b) => a.todo.id - b.todo.id)
			.map((item) => ({
				todo: item.optimistic ? { ...item.todo, ...item.optimistic } : item.todo,
				saving: item.inFlight > 0 || item.awaiting.length > 0,
				accepted: item.awaiting.length > 0,
			}));
	}

	setCounts({ open, completed }) {
		this.counts = { open, completed };
		this.#changed();
	}

	get(id) {
		const item = this.#items.get(id);
		return item ? item.todo : null;
	}

	/** Until endLoad, events wait, so a page read before an event cannot overwrite it. */
	beginLoad() {
		this.#buffer = this.#buffer || [];
	}

	endLoad() {
		const buffered = this.#buffer || [];
		this.#buffer = null;
		buffered.forEach((event) => this.applyEvent(event));
		this.#changed();
	}

	/** A fresh first page (a load or reload): it replaces what the list showed. */
	replace(todos, next) {
		const previous = this.#items;
		const listed = new Set(todos.map((todo) => todo.id));
		this.#items = new Map();
		for (const todo of todos) {
			if (this.#deleted.has(todo.id)) {
				continue;
			}
			const before = previous.get(todo.id);
			const item = before ? { ...before, todo, version: 0 } : newItem(todo, 0);
			this.#resolve(item, todo);
			this.#items.set(todo.id, item);
		}
		// A todo the list lacks stays while a write is pending: a create the service accepted is not stored yet.
		for (const [id, item] of previous) {
			if (!listed.has(id)) {
				this.#resolve(item, null);
				if (item.inFlight > 0 || item.awaiting.length > 0) {
					this.#items.set(id, item);
				}
			}
		}
		this.cursor = 0;
		this.#paged(todos, next);
		this.loaded = true;
		this.#changed();
	}

	/** How many todos the page shows: a reload asks for as many. */
	get size() {
		return this.#items.size;
	}

	/** The next page ("Load more"): adds the todos the page did not know. */
	append(todos, next) {
		for (const todo of todos) {
			if (!this.#items.has(todo.id) && !this.#deleted.has(todo.id)) {
				this.#items.set(todo.id, newItem(todo, 0));
			}
		}
		this.#paged(todos, next);
		this.#changed();
	}

	/** A created, updated or deleted event from the stream: `{seq, type, id, version, todo}`. */
	applyEvent(event) {
		if (this.#buffer) {
			this.#buffer.push(event);
			return;
		}
		this.lastSeq = Math.max(this.lastSeq, event.seq || 0);
		const gone = event.type === 'deleted';
		const todo = gone ? null : event.todo;
		this.#remember(event.id, event.seq, todo);
		if (this.#deleted.has(event.id)) {
			return;
		}
		const item = this.#items.get(event.id);
		if (gone) {
			if (item) {
				this.#recount(item.counted ? item.todo : null, null);
				this.#items.delete(event.id);
				this.#deleted.add(event.id);
				this.#changed();
			}
			return;
		}
		if (item) {
			if (event.type === 'created' && !item.counted) {
				this.#recount(null, todo);
				item.counted = true;
			}
			else if (item.counted && event.version > item.version) {
				this.#recount(item.todo, todo);
			}
			if (event.version > item.version) {
				item.todo = todo;
				item.version = event.version;
			}
			this.#resolve(item, todo);
			this.#changed();
			return;
		}
		if (event.type === 'created') {
			this.#recount(null, todo);
			this.#changed();
		}
		if (this.next === null || event.id <= this.cursor) {
			this.#items.set(event.id, newItem(todo, event.version));
			this.#changed();
		}
	}

	/**
	 * A write is on its way: the todo shows "saving…" and, meanwhile, the fields of `patch`. Returns the
	 * seq to pass to accepted().
	 */
	begin(id, patch = null) {
		const item = this.#items.get(id);
		if (item) {
			item.inFlight++;
			if (patch) {
				item.optimistic = { ...item.optimistic, ...patch };
			}
			this.#changed();
		}
		return this.lastSeq;
	}

	/** A write got its answer, whatever it was: what the page shows is what the service said. */
	end(id) {
		const item = this.#items.get(id);
		if (item && item.inFlight > 0) {
			item.inFlight--;
			if (item.inFlight === 0) {
				item.optimistic = null;
			}
			this.#changed();
		}
	}

	/** The service stored this (201/200 with the new version from the ETag). */
	stored(todo, version) {
		if (this.#deleted.has(todo.id)) {
			return;
		}
		const item = this.#items.get(todo.id);
		if (!item) {
			this.#recount(null, todo);
			this.#items.set(todo.id, newItem(todo, version));
		}
		else if (version > item.version) {
			this.#recount(item.counted ? item.todo : null, todo);
			item.counted = true;
			item.todo = todo;
			item.version = version;
		}
		this.#changed();
	}

	/**
	 * The service accepted a write (202) that is not applied yet: `todo` is what it will look like (null
	 * for a delete), `matches(todoOrNull)` tells whether what the stream shows is this write applied.
	 * Events since `sinceSeq` (when the write was sent) may have shown it already.
	 */
	accepted(id, todo, matches, sinceSeq) {
		if (this.#deleted.has(id)) {
			return;
		}
		const seen = (this.#recent.get(id) || []).some((event) => event.seq > sinceSeq && matches(event.todo));
		let item = this.#items.get(id);
		if (!item) {
			if (seen || todo === null) {
				return;
			}
			item = newItem(todo, 0, false);
			this.#items.set(id, item);
		}
		if (!seen) {
			if (todo !== null) {
				item.todo = todo;
			}
			item.awaiting.push(matches);
		}
		this.#changed();
	}

	/** The service deleted it (200, or 404: it was gone already). */
	removed(id) {
		this.#deleted.add(id);
		const item = this.#items.get(id);
		if (item) {
			this.#recount(item.counted ? item.todo : null, null);
			this.#items.delete(id);
			this.#changed();
		}
	}

	#paged(todos, next) {
		this.next = next;
		const last = todos.length ? todos[todos.length - 1].id : 0;
		this.cursor = Math.max(this.cursor, last);
	}

	/** Moves the counts from what a todo was (null: not there) to what it is now (null: gone). */
	#recount(before, after) {
		if (!this.counts) {
			return;
		}
		const counts = { ...this.counts };
		if (before) {
			const bucket = before.completed ? 'completed' : 'open';
			counts[bucket] = Math.max(0, counts[bucket] - 1);
		}
		if (after) {
			counts[after.completed ? 'completed' : 'open']++;
		}
		this.counts = counts;
		this.countsMoved++;
	}

	#remember(id, seq, todo) {
		const events = this.#recent.get(id) || [];
		events.push({ seq, todo });
		if (events.length > RECENT_EVENTS) {
			events.shift();
		}
		this.#recent.set(id, events);
	}

	/** Drops the 202 matchers that `todo` (null: it is gone) satisfies. */
	#resolve(item, todo) {
		if (item.awaiting.length) {
			item.awaiting = item.awaiting.filter((matches) => !matches(todo));
		}
	}

	/** Listeners run once per task, however many changes it made. */
	#changed() {
		if (this.#notifyQueued) {
			return;
		}
		this.#notifyQueued = true;
		queueMicrotask(() => {
			this.#notifyQueued = false;
			this.#listeners.forEach((listener) => listener());
		});
	}
}

/** `counted`: the service's counts include this todo (false for a create it accepted but has not applied). */
function newItem(todo, version, counted = true) {
	return { todo, version, counted, inFlight: 0, optimistic: null, awaiting: [] };
}
