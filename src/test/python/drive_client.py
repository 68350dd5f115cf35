"""Drives the Python client that openapi-generator builds from the OpenAPI snapshot (package
todo_client in target/generated-clients/python, on PYTHONPATH) through every todo operation
against a running service: python3 drive_client.py http://127.0.0.1:PORT

GeneratedPythonClientIntegrationTests runs it; it prints one line per step and exits 0 when all hold.
"""

import re
import sys

from todo_client import ApiClient, Configuration, TodosApi
from todo_client.exceptions import ApiException, NotFoundException
from todo_client.models import DeleteTodo200Response, Problem, Todo, TodoPatch, TodoRequest


def step(name, value):
    print(f"{name}: {value!r}")
    return value


def fails(status, call):
    """The call fails with this status and a typed Problem."""
    try:
        call()
    except ApiException as failure:
        assert failure.status == status, f"expected {status}, got {failure.status}: {failure.body}"
        assert failure.headers["Content-Type"] == "application/problem+json", failure.headers
        problem = failure.data if isinstance(failure.data, Problem) else Problem.from_json(failure.body)
        assert isinstance(problem, Problem), problem
        assert problem.status == status, problem
        return failure, problem
    raise AssertionError(f"expected HTTP {status}, the call succeeded")


def after(link):
    match = re.search(r'<[^>]*[?&]after=(\d+)[^>]*>;\s*rel="next"', link or "")
    assert match, f"Link header {link!r}"
    return int(match.group(1))


def main(base):
    todos = TodosApi(ApiClient(Configuration(host=base)))

    created = todos.create_todo_with_http_info(todo_request=TodoRequest(title="Buy milk", description="2 l"))
    todo = step("create", created.data)
    assert created.status_code == 201, created.status_code
    assert isinstance(todo, Todo) and todo.id > 0, todo
    assert (todo.title, todo.description, todo.completed) == ("Buy milk", "2 l", False), todo
    assert created.headers["Location"] == f"/todos/{todo.id}", created.headers
    etag = created.headers["ETag"]
    assert etag, created.headers

    read = todos.get_todo_with_http_info(id=todo.id)
    step("get", read.data)
    assert read.data == todo and read.headers["ETag"] == etag, read

    second = todos.create_todo(todo_request=TodoRequest(title="Second")).id
    third = todos.create_todo(todo_request=TodoRequest(title="Third", completed=True)).id
    page = todos.list_todos_with_http_info(limit=2, after=todo.id - 1)
    step("list", [t.id for t in page.data])
    assert [t.id for t in page.data][:1] == [todo.id] and len(page.data) == 2, page.data
    cursor = after(page.headers.get("Link"))
    assert cursor == page.data[1].id, (cursor, page.data)
    following = todos.list_todos(limit=2, after=cursor)
    step("list after cursor", [t.id for t in following])
    assert following and all(isinstance(t, Todo) and t.id > cursor for t in following), following
    assert second in (page.data[1].id, following[0].id), (second, page.data, following)
    assert third in [t.id for t in todos.list_todos(limit=1000, after=second, completed=True)]

    updated = todos.update_todo_with_http_info(id=todo.id, todo_request=TodoRequest(title="Buy oat milk", completed=True),
                                               if_match=etag)
    step("put", updated.data)
    assert (updated.data.title, updated.data.description, updated.data.completed) == ("Buy oat milk", "2 l", True)
    assert updated.headers["ETag"] != etag, updated.headers

    patched = step("patch", todos.patch_todo(id=todo.id, todo_patch=TodoPatch(description=None, completed=False)))
    assert isinstance(patched, Todo), patched
    assert (patched.title, patched.description, patched.completed) == ("Buy oat milk", None, False), patched

    _, stale = fails(412, lambda: todos.patch_todo(id=todo.id, todo_patch=TodoPatch(title="Too late"), if_match=etag))
    step("412", stale)
    assert todos.get_todo(id=todo.id).title == "Buy oat milk"

    _, invalid = fails(422, lambda: todos.create_todo_with_http_info(
        todo_request=TodoRequest(title="   ")))
    step("422", invalid)
    assert "title" in [error.var_field for error in invalid.errors]  # "field" is renamed by the generator, invalid
    assert all(error.message for error in invalid.errors), invalid

    deleted = step("delete", todos.delete_todo(id=todo.id))
    assert isinstance(deleted, DeleteTodo200Response) and deleted.message == "Todo deleted", deleted
    failure, missing = fails(404, lambda: todos.get_todo(id=todo.id))
    assert isinstance(failure, NotFoundException), type(failure)
    step("404", missing)
    fails(404, lambda: todos.delete_todo(id=todo.id))

    print("all operations passed")


if __name__ == "__main__":
    main(sys.argv[1])
