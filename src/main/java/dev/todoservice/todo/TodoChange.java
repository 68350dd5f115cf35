package dev.todoservice.todo;

import java.util.UUID;

/** A write as it travels through Kafka; the consumer applies it to the {@code todo} table. */
sealed interface TodoChange {

	/** Unique per change (the CloudEvents id), or null for a record from another producer. */
	UUID eventId();

	long id();

	/** {@code id} 0 and no event id: a bare TodoCreate from another client, stored under an id we assign. */
	record Create(UUID eventId, long id, String title, String description, boolean completed) implements TodoChange {

		Create withId(long newId) {
			return new Create(this.eventId, newId, this.title, this.description, this.completed);
		}

		Todo stored() {
			return new Todo(this.id, this.title, this.description, this.completed, 1);
		}

	}

	/** Fields that are null stay as they are; {@code clearDescription} sets the description to null. */
	record Update(UUID eventId, long id, String title, String description, boolean clearDescription,
			Boolean completed) implements TodoChange {
	}

	record Delete(UUID eventId, long id) implements TodoChange {
	}

}
