// view.js: the page's DOM and nothing else. Each todo's <li> is made once and updated in place (so focus
// and an edit in progress survive live updates); states are classes and the hidden attribute, never
// inline styles, so the page keeps to the Content-Security-Policy.

/**
 * What each filter (#/active, #/completed) shows; exported, as itemsLeft and charactersLeft are, for the
 * tests under node.
 */
export const FILTERS = {
	all: () => true,
	active: (todo) => !todo.completed,
	completed: (todo) => todo.completed,
};

export class View {
	constructor(doc) {
		const byId = (id) => doc.getElementById(id);
		this.doc = doc;
		this.app = byId('app');
		this.newForm = byId('new-todo');
		this.newTitle = byId('new-title');
		this.newDescription = byId('new-description');
		this.newStatus = byId('new-status');
		this.main = byId('main');
		this.list = byId('todo-list');
		this.toggleAll = byId('toggle-all');
		this.loadMore = byId('load-more');
		this.filteredEmpty = byId('filtered-empty');
		this.empty = byId('empty');
		this.loading = byId('loading');
		this.footer = byId('footer');
		this.count = byId('todo-count');
		this.clearCompleted = byId('clear-completed');
		this.notice = byId('notice');
		this.banner = byId('banner');
		this.bannerDetail = byId('banner-detail');
		this.filterLinks = [...doc.querySelectorAll('.filters a')];
		this.itemTemplate = byId('todo-template');
		this.editTemplate = byId('edit-template');
		this.defaultBannerDetail = this.bannerDetail.textContent;
	}

	/**
	 * Shows `items` ({todo, saving, accepted}) through `filter`; `editingId` stays shown whatever the filter.
	 * `open` is the service's number of open todos (null when unknown: the loaded ones are counted).
	 */
	render(items, { filter, more, loaded, editingId, open = null }) {
		const show = FILTERS[filter] || FILTERS.all;
		const visible = items.filter((item) => show(item.todo) || item.todo.id === editingId);
		const keep = new Set(visible.map((item) => item.todo.id));
		for (const li of [...this.list.children]) {
			if (!keep.has(Number(li.dataset.id))) {
				this.#removeItem(li);
			}
		}
		visible.forEach((item, position) => {
			const li = this.#item(item.todo.id);
			this.#updateItem(li, item);
			const at = this.list.children[position];
			if (at !== li) {
				this.list.insertBefore(li, at || null);
			}
		});

		const active = items.filter((item) => !item.todo.completed).length;
		const completed = items.length - active;
		this.app.setAttribute('aria-busy', String(!loaded));
		this.loading.hidden = loaded;
		this.main.hidden = items.length === 0;
		this.footer.hidden = items.length === 0;
		this.empty.hidden = !loaded || items.length > 0 || more;
		this.filteredEmpty.hidden = items.length === 0 || visible.length > 0;
		this.loadMore.hidden = !more;
		this.toggleAll.checked = items.length > 0 && active === 0;
		this.clearCompleted.hidden = completed === 0;
		if (open === null) {
			this.#count(active, more);
		}
		else {
			this.#count(open, false);
		}
		for (const link of this.filterLinks) {
			const selected = link.dataset.filter === filter;
			link.classList.toggle('selected', selected);
			if (selected) {
				link.setAttribute('aria-current', 'page');
			}
			else {
				link.removeAttribute('aria-current');
			}
		}
	}

	/** Turns a todo's row into its edit form, filled with `todo`, and focuses the title. */
	startEditing(todo) {
		const li = this.#find(todo.id);
		const form = this.editTemplate.content.firstElementChild.cloneNode(true);
		const title = form.querySelector('.edit-title');
		const description = form.querySelector('.edit-description');
		title.value = todo.title;
		description.value = todo.description || '';
		this.#describeErrors(form, `todo-${todo.id}`);
		this.showCharactersLeft(title);
		this.showCharactersLeft(description);
		li.classList.add('editing');
		li.append(form);
		title.focus();
		title.setSelectionRange(title.value.length, title.value.length);
		return form;
	}

	stopEditing(id) {
		const li = this.#find(id);
		if (li) {
			li.classList.remove('editing');
			li.querySelector('.edit-form')?.remove();
		}
	}

	/** The trimmed values of an edit form. */
	editValues(form) {
		return {
			title: form.querySelector('.edit-title').value.trim(),
			description: form.querySelector('.edit-description').value.trim(),
		};
	}

	/**
	 * Puts each `{field, message}` next to its field in `form`, unknown fields on the form's own line. The
	 * message is shown as the service wrote it: a sentence that names the field and its rule.
	 */
	showErrors(form, errors) {
		this.clearErrors(form);
		for (const error of errors) {
			const known = form.querySelector(`.field-error[data-field="${CSS.escape(error.field)}"]`);
			const target = known || form.querySelector('.field-error[data-field=""]');
			const line = this.doc.createElement('span');
			line.textContent = error.message;
			target.append(line);
			form.elements[error.field]?.setAttribute('aria-invalid', 'true');
		}
	}

	/** The input changed: its error (and the form's own) no longer applies. */
	clearError(form, field) {
		form.querySelectorAll(`.field-error[data-field="${CSS.escape(field)}"], .field-error[data-field=""]`)
			.forEach((p) => {
				p.textContent = '';
			});
		form.elements[field]?.removeAttribute('aria-invalid');
	}

	/** "12 characters left" under an input with a maxlength, while it has text. */
	showCharactersLeft(input) {
		const counter = input.form?.querySelector(`.chars-left[data-field="${CSS.escape(input.name)}"]`);
		if (!counter || input.maxLength < 0) {
			return;
		}
		setText(counter, input.value ? charactersLeft(input.value.length, input.maxLength) : '');
		counter.classList.toggle('at-limit', input.value.length >= input.maxLength);
	}

	clearErrors(form) {
		form.querySelectorAll('.field-error').forEach((p) => {
			p.textContent = '';
		});
		form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
	}

	focusFirstError(form) {
		(form.querySelector('[aria-invalid="true"]') || form.querySelector('input')).focus();
	}

	formStatus(text) {
		this.newStatus.textContent = text;
	}

	say(text) {
		this.notice.textContent = text;
	}

	/** The unreachable banner: shown with `detail` (or the default text), hidden with null. */
	setBanner(detail) {
		this.banner.hidden = detail === null;
		this.bannerDetail.textContent = detail || this.defaultBannerDetail;
		this.doc.body.classList.toggle('offline', detail !== null);
	}

	setLoadingMore(busy) {
		this.loadMore.disabled = busy;
		this.loadMore.textContent = busy ? 'Loading…' : 'Load more';
	}

	focusItem(id) {
		this.#find(id)?.querySelector('.toggle').focus();
	}

	focusEditButton(id) {
		const li = this.#find(id);
		(li ? li.querySelector('.edit') : this.newTitle).focus();
	}

	/** "3 items left"; changed only when it changes, since screen readers announce every change. */
	#count(active, more) {
		const rest = itemsLeft(active, more);
		if (this.count.textContent === `${active}${rest}`) {
			return;
		}
		const strong = this.doc.createElement('strong');
		strong.textContent = String(active);
		this.count.replaceChildren(strong, rest);
	}

	#find(id) {
		return this.list.querySelector(`li[data-id="${id}"]`);
	}

	#item(id) {
		const existing = this.#find(id);
		if (existing) {
			return existing;
		}
		const li = this.itemTemplate.content.firstElementChild.cloneNode(true);
		li.dataset.id = String(id);
		const title = li.querySelector('.title');
		title.id = `todo-${id}-title`;
		li.querySelector('.toggle').setAttribute('aria-labelledby', title.id);
		li.querySelector('.description').id = `todo-${id}-description`;
		li.querySelector('.toggle').setAttribute('aria-describedby', `todo-${id}-description`);
		return li;
	}

	#updateItem(li, { todo, saving, accepted }) {
		li.classList.toggle('completed', todo.completed);
		li.classList.toggle('saving', saving);
		li.classList.toggle('accepted', accepted);
		li.setAttribute('aria-busy', String(saving));
		li.querySelector('.toggle').checked = todo.completed;
		setText(li.querySelector('.title'), todo.title);
		setText(li.querySelector('.description'), todo.description || '');
		const indicators = li.querySelectorAll('.saving-label');
		indicators.forEach((indicator) => {
			indicator.hidden = !saving;
			indicator.title = accepted ? 'Accepted by the service; waiting for it to be applied' : '';
		});
		li.querySelector('.edit').setAttribute('aria-label', `Edit “${todo.title}”`);
		li.querySelector('.destroy').setAttribute('aria-label', `Delete “${todo.title}”`);
	}

	/** Removes a row; when it held the focus, the focus goes to a neighbour instead of being lost. */
	#removeItem(li) {
		if (li.contains(this.doc.activeElement)) {
			const neighbour = li.nextElementSibling || li.previousElementSibling;
			li.remove();
			(neighbour ? neighbour.querySelector('.toggle') : this.newTitle).focus();
			return;
		}
		li.remove();
	}

	/** Gives the form's error and counter lines ids, and each input the ids of its own. */
	#describeErrors(form, prefix) {
		form.querySelectorAll('.field-error, .chars-left').forEach((p) => {
			const kind = p.classList.contains('chars-left') ? 'left' : 'error';
			p.id = `${prefix}-${p.dataset.field || 'form'}-${kind}`;
			const input = p.dataset.field && form.elements[p.dataset.field];
			if (input) {
				const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
				input.setAttribute('aria-describedby', [...described, p.id].join(' '));
			}
		});
	}
}

/** The counter's words after its number: " items left", " item left so far" (more pages to load). */
export function itemsLeft(active, more) {
	return ` ${active === 1 ? 'item' : 'items'} left${more ? ' so far' : ''}`;
}

/** What a counter under an input says: "12 characters left", "1 character left", "0 characters left". */
export function charactersLeft(used, max) {
	const left = Math.max(0, max - used);
	return `${left} ${left === 1 ? 'character' : 'characters'} left`;
}

function setText(element, text) {
	if (element.textContent !== text) {
		element.textContent = text;
	}
}
