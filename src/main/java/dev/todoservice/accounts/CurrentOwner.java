package dev.todoservice.accounts;

import dev.todoservice.todo.Owner;
import dev.todoservice.todo.TodoSettings;

import org.springframework.stereotype.Component;

/** The owner of the request being served: every query and change is scoped by it. */
@Component
public class CurrentOwner {

	private final Owner shared;

	CurrentOwner(TodoSettings settings) {
		this.shared = settings.shared();
	}

	public Owner get() {
		return this.shared;
	}

}
