/** Cross-cutting HTTP: problem details for every error, the OpenAPI document, the greeting. */
package dev.todoservice.web;
