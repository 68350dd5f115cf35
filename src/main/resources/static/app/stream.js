// stream.js: the live stream of applied changes (GET /todos/events) through EventSource. When the
// connection drops the browser reconnects by itself and sends Last-Event-ID, so the service replays what
// was missed. Two cases cannot catch up that way, and the page reloads instead: the stream dropped before
// it carried any event (there is no id to send), or the service refused it (an error status: the browser
// gives up, and a new stream is opened after a pause). A `reset` event says the same: reload.

const REOPEN_AFTER_MS = 3000;

/** Opens the stream; the handlers get each change's data, a need to reload, and the connection state. */
export function openStream({ onChange, onReload, onOpen, onDown }) {
	let source = null;
	let reopen = null;
	let dropped = false;
	let replaced = false;
	let eventSeen = false;

	const connect = () => {
		source = new EventSource('/todos/events');
		source.addEventListener('open', () => {
			onOpen();
			if (replaced || (dropped && !eventSeen)) {
				onReload();
			}
			dropped = false;
			replaced = false;
		});
		for (const type of ['created', 'updated', 'deleted']) {
			source.addEventListener(type, (event) => {
				eventSeen = eventSeen || event.lastEventId !== '';
				const change = parse(event.data);
				if (change) {
					onChange(change);
				}
			});
		}
		source.addEventListener('reset', () => onReload());
		source.addEventListener('error', () => {
			dropped = true;
			onDown();
			if (source.readyState === EventSource.CLOSED) {
				// A new EventSource starts without Last-Event-ID: it cannot catch up.
				replaced = true;
				eventSeen = false;
				reopen = setTimeout(connect, REOPEN_AFTER_MS);
			}
		});
	};

	connect();
	return {
		close() {
			clearTimeout(reopen);
			source.close();
		},
	};
}

function parse(data) {
	try {
		return JSON.parse(data);
	}
	catch {
		return null;
	}
}
